import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

export interface InvitedGuest {
    /** GitHub login: names the invitation, so it stays attached to the member. */
    readonly github: string;
    /** Where Entra sends the invitation; the guest signs in with this address. */
    readonly email: string;
    /** Shown in the tenant instead of the address. Defaults to none (Entra shows the address). */
    readonly displayName?: string;
}

export interface GuestInvitationsArgs {
    /** One B2B invitation per entry; at least one. */
    readonly guests: readonly InvitedGuest[];
    /** The hack's tenant: after redeeming, the guest lands in Azure ML studio there. */
    readonly tenantId: pulumi.Input<string>;
    /** Entra e-mails the invitation (true), or the organizers hand out the redeem links. */
    readonly sendMessage: boolean;
    /** Language of Entra's invitation e-mail (ISO 639, e.g. ja-JP). */
    readonly language: string;
}

/** After redeeming the invitation, the guest opens Azure ML studio signed in to the hack's tenant. */
export const studioRedirectUrl = (tenantId: string): string =>
    `https://ml.azure.com/?tid=${tenantId}`;

/**
 * Members known only by e-mail become B2B guests of the hack's tenant: one azuread `Invitation`
 * each, whose `userId` (the guest's object id, created by the invitation before it is redeemed)
 * receives the member's roles and compute instance.
 *
 * Teardown: deleting an `Invitation` deletes the user object whose id it holds (the azuread
 * provider's delete is `DELETE /users/{user_id}`, hashicorp/terraform-provider-azuread,
 * internal/services/invitations/invitation_resource.go), and Graph answers an invitation of an
 * address that already belongs to a tenant user with that user: `pulumi destroy` would then delete
 * a coach or a guest of an earlier event (issue 22). Hence `retainOnDelete`: destroy only forgets
 * the invitation, and teardown removes the guests this stack recorded (`invitedGuests`, written to
 * the teardown record at record time and checked as guests through Graph before each delete:
 * event/teardown/purge.ts), and its verification lists them. Two more consequences:
 * - every input of an `Invitation` forces a replacement, and Graph answers a second invitation of
 *   the same address with the same user: a create-before-replace would then delete the guest it
 *   just re-invited. Hence `deleteBeforeReplace`, and the message settings and redirect URL are
 *   ignored after creation (they only matter for the first e-mail), so changing the event's
 *   language mid-event never deletes anybody.
 * - an address that already belongs to a user of the tenant would be answered with that user, and
 *   teardown would delete it: people who are already in the tenant are listed by
 *   `userPrincipalName` or `objectId`, never by `email` (docs/configuration.md, "Member identities").
 */
export class GuestInvitations extends pulumi.ComponentResource {
    /** GitHub login (lowercase) -> the invited guest's object id. */
    private readonly userIds: ReadonlyMap<string, pulumi.Output<string>>;
    /**
     * GitHub login as the roster spells it -> the invitation's redeem URL (Graph's `inviteRedeemUrl`,
     * azuread's `redeemUrl`): what a guest opens to accept when Entra sends no e-mail. Not a secret
     * (neither Graph nor the provider marks it so), but personal: only that team's handout shows it.
     */
    readonly redeemUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: GuestInvitationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:identity:GuestInvitations", name, {}, opts);
        if (args.guests.length === 0)
            throw new Error(`${name}: GuestInvitations needs at least one guest`);
        const redirectUrl = pulumi.output(args.tenantId).apply(studioRedirectUrl);
        const redeemUrls: [string, pulumi.Output<string>][] = [];
        this.userIds = new Map(
            args.guests.map((guest) => {
                const login = guest.github.toLowerCase();
                const invitation = new azuread.Invitation(
                    `${name}-${login}`,
                    {
                        // Lowercase: a case-only edit of the roster must not re-invite (and so delete) the guest.
                        userEmailAddress: guest.email.toLowerCase(),
                        userDisplayName: guest.displayName,
                        userType: "Guest",
                        redirectUrl,
                        // Without a message block Entra sends no e-mail (azuread's documented behaviour).
                        message: args.sendMessage ? { language: args.language } : undefined,
                    },
                    {
                        parent: this,
                        deleteBeforeReplace: true,
                        // Never delete a user on destroy (see above): teardown removes recorded guests.
                        retainOnDelete: true,
                        ignoreChanges: ["message", "redirectUrl", "userDisplayName"],
                    },
                );
                redeemUrls.push([guest.github, invitation.redeemUrl]);
                return [login, invitation.userId] as const;
            }),
        );
        this.redeemUrls = pulumi
            .all(redeemUrls.map(([, url]) => url))
            .apply((urls) =>
                Object.fromEntries(redeemUrls.map(([github], i) => [github, urls[i]])),
            );
        this.registerOutputs({});
    }

    /** GitHub login (lowercase) -> invited guest's object id: what teardown records and removes. */
    guestIds(): pulumi.Output<Record<string, string>> {
        const entries = [...this.userIds.entries()];
        return pulumi
            .all(entries.map(([, id]) => id))
            .apply((ids) => Object.fromEntries(entries.map(([login], i) => [login, ids[i]])));
    }

    /** The object id of the guest invited for this GitHub login. */
    userIdOf(github: string): pulumi.Output<string> {
        const id = this.userIds.get(github.toLowerCase());
        if (id === undefined) throw new Error(`no invitation for member ${github}`);
        return id;
    }
}
