/**
 * The tag the team stack puts on its Entra application and service principal, so that teardown,
 * without a recorded id, acts only on objects this stack made: display names are not unique, and
 * anyone in the tenant can create an application of the same name (issue 22).
 */
export const entraStackTag = (event: string, team: string): string =>
    `openhack-mlops:${event}/${team}`;
