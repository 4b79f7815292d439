/**
 * The guard reads a lookup that found nobody as "nobody" even when the result carries no `users`
 * list at all (review M3, issue 22): the provider sets an empty list when no address matched
 * (ignore_missing, hashicorp/terraform-provider-azuread users_data_source.go), but a null or
 * empty list may reach the program as an absent property through the bridge (unverified here:
 * no provider runs offline), and a TypeError must not stand in for the guard's answer.
 */
import * as pulumi from "@pulumi/pulumi";
import { refuseExistingUsers } from "../../stacks/guestGuard";

const GET_USERS = "azuread:index/getUsers:getUsers";

test("getUsers answered without a users list: no one is refused", async () => {
    const calls: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            // What the engine hands back for an empty result: object ids empty, no `users` at all.
            call: (args) => {
                calls.push(args.token);
                return args.token === GET_USERS ? { objectIds: [] } : {};
            },
        },
        "openhack-mlops",
        "dev",
        false,
    );
    await expect(
        refuseExistingUsers("team01", [{ github: "grady-a", email: "gradya@contoso.com" }], []),
    ).resolves.toBeUndefined();
    expect(calls).toEqual([GET_USERS, GET_USERS]);
});
