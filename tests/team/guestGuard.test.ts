/**
 * The team program refuses an `email` member whose address already belongs to a user of the tenant
 * that this stack did not invite (issue 22), before any resource is registered; a user the stack
 * invited itself (`openhack-mlops:knownGuests`, from the teardown record) is not refused. Run
 * through the real entry point (index.ts) under mocks. The tenant lookup is the azuread `getUsers`
 * invoke, answered by the mock cloud from a Graph "List users" response
 * (tests/fixtures/team/graph-users-filtered-by-mail.json names its source) mapped as the provider
 * maps it (hashicorp/terraform-provider-azuread users_data_source.go).
 */
import { parseKnownGuests } from "../../stacks/knownGuests";
import { GRADY, guestTeamConfig as config } from "../helpers/guestMember";
import { runProgram } from "../helpers/program";

const INVITATION = "azuread:index/invitation:Invitation";
const GET_USERS = "azuread:index/getUsers:getUsers";

test("an e-mail that is already a tenant user not invited by this stack: refused, naming the member and the rule, nothing registered", async () => {
    const run = runProgram(config(), { tenantUsers: [GRADY] });
    expect(run.error).toBeUndefined();
    const { error } = await run.result;
    expect(run.pulumi.RunError.isInstance(error)).toBe(true);
    expect(error?.message).toContain("an email member must be new to the tenant");
    expect(error?.message).toContain(
        `member grady-a (email gradya@contoso.com) is user GradyA@contoso.com (${GRADY.id}): in the roster, replace "email: gradya@contoso.com" by "userPrincipalName: GradyA@contoso.com" or "objectId: ${GRADY.id}"`,
    );
    await run.pulumi.runtime.disconnect();
    expect(run.cloud.resources).toEqual([]);
    // Both lookups went through the provider's data source, by mail and by UPN, missing ones skipped.
    expect(run.cloud.calls.filter((c) => c.token === GET_USERS).map((c) => c.args)).toEqual([
        expect.objectContaining({ mails: ["gradya@contoso.com"], ignoreMissing: true }),
        expect.objectContaining({
            userPrincipalNames: ["gradya@contoso.com"],
            ignoreMissing: true,
        }),
    ]);
});

test("the guest this stack invited itself (its recorded id) is not refused", async () => {
    const run = runProgram(config([GRADY.id.toUpperCase()]), { tenantUsers: [GRADY] });
    expect((await run.result).error).toBeUndefined();
    await run.pulumi.runtime.disconnect();
    expect(run.cloud.resources.filter((r) => r.type === INVITATION)).toHaveLength(1);
});

test("an address nobody in the tenant has: invited", async () => {
    const run = runProgram(config(), { tenantUsers: [] });
    expect((await run.result).error).toBeUndefined();
    await run.pulumi.runtime.disconnect();
    expect(run.cloud.resources.filter((r) => r.type === INVITATION)).toHaveLength(1);
});

test("knownGuests must be a list of object ids: the field and the rule are named, nothing registered", () => {
    const run = runProgram(config(["not-an-id"]));
    expect(run.error?.message).toContain(
        'openhack-mlops:knownGuests[0]: must be an object id (a GUID) (got "not-an-id")',
    );
    expect(run.cloud.resources).toEqual([]);
    expect(() => parseKnownGuests("x")).toThrow("openhack-mlops:knownGuests: must be a list");
});

/**
 * docs/single-stack.md tells a hand-run stack its own guests with `pulumi config set --path
 * 'openhack-mlops:knownGuests[N]' <id>` (review M2): the command is taken from the page, and the
 * value it produces (`--path` with an index makes a list, Pulumi's config path syntax) is run
 * through the program with the guest in the tenant.
 */
describe("the hand-run stack's knownGuests, as docs/single-stack.md sets it", () => {
    // Read here, not through the file's imports, so that this block stands alone in the file.
    const documented = async (): Promise<RegExpMatchArray[]> => {
        const { readFileSync: read } = await import("node:fs");
        const page = read(`${__dirname}/../../docs/single-stack.md`, "utf8");
        return [...page.matchAll(/^pulumi config set -s dev --path '([^']+)\[(\d+)\]' /gm)];
    };

    test("the page sets the key the program reads, as a list indexed from 0", async () => {
        const lines = await documented();
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.map((m) => m[1])).toEqual(lines.map(() => "openhack-mlops:knownGuests"));
        expect(lines.map((m) => Number(m[2]))).toEqual(lines.map((_, i) => i));
    });

    test("with the documented value the second up lets the stack's own guest through", async () => {
        const [first] = await documented();
        const run = runProgram({ ...config(), [first[1]]: [GRADY.id] }, { tenantUsers: [GRADY] });
        expect(run.error).toBeUndefined();
        expect((await run.result).error).toBeUndefined();
        await run.pulumi.runtime.disconnect();
        expect(run.cloud.resources.filter((r) => r.type === INVITATION)).toHaveLength(1);
    });
});
