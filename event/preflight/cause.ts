/**
 * What really happened when a call to a service failed, in words an organizer can act on: the
 * service could not be reached (no DNS, no route, refused connection, no answer in time), it
 * refused the credential (401, or Entra ID refusing a sign-in), or it answered with a status. The
 * SDKs disguise the first kind: Octokit reports a failed fetch as a RequestError with status 500
 * and no response (@octokit/request's fetch wrapper), and @azure/identity reports MSAL's
 * `network_error` as an AuthenticationError with status 400. Neither is an answer of the service.
 */

/**
 * `unreachable` and `refused` stop further calls to the service (ServiceBreaker); `other` (the
 * service answered with a status, or an error that is neither) does not.
 */
export type CauseKind = "unreachable" | "refused" | "other";

export interface Cause {
    readonly kind: CauseKind;
    readonly reason: string;
    /** The HTTP status when the service answered. */
    readonly status?: number;
}

/** Node's (and undici's) codes for a request that never got an answer. */
const NETWORK_CODES = [
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EPIPE",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_SOCKET",
    "REQUEST_SEND_ERROR",
];
/**
 * The Azure CLI (Python, requests/urllib3) reports no network in its own words, which
 * AzureCliCredential passes on in a CredentialUnavailableError's message: urllib3's
 * "Max retries exceeded with url", "Failed to resolve 'login.microsoftonline.com'"
 * (NameResolutionError), "[Errno 111] Connection refused", "Read timed out".
 */
const PYTHON_NETWORK_TEXT = [
    "Max retries exceeded",
    "Failed to resolve",
    "NameResolutionError",
    "Connection refused",
    "timed out",
];
const NETWORK_TEXT = new RegExp(
    `\\b(?:${[...NETWORK_CODES, ...PYTHON_NETWORK_TEXT].join("|")}|getaddrinfo|network_error|fetch failed|socket hang up)\\b`,
    "i",
);

/** @azure/identity's error names: a credential that could not sign in, not a service's answer. */
const CREDENTIAL_ERRORS = [
    "AuthenticationError",
    "AggregateAuthenticationError",
    "CredentialUnavailableError",
];

const firstLine = (text: string): string => text.split("\n")[0].slice(0, 300).trim();

interface ErrorFields {
    readonly name?: unknown;
    readonly message?: unknown;
    readonly code?: unknown;
    readonly status?: unknown;
    readonly statusCode?: unknown;
    readonly response?: unknown;
    readonly cause?: unknown;
    readonly errors?: unknown;
    readonly errorResponse?: { readonly error?: unknown; readonly errorDescription?: unknown };
}

const fields = (error: unknown): ErrorFields =>
    typeof error === "object" && error !== null ? error : {};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Node's X509 certificate error codes, the whole list of its `tls` documentation ("X509 certificate
 * error codes", https://nodejs.org/api/tls.html#x509-certificate-error-codes), Node's catch-all
 * `UNSPECIFIED` for any other OpenSSL verification error, and its own host name check
 * (ERR_TLS_CERT_ALTNAME_INVALID): a connection was opened but its certificate not accepted, so no
 * answer of the service was read. @azure/core-rest-pipeline's node client passes the code on as the
 * RestError's `code` (@typespec/ts-http-runtime 0.3 nodeHttpClient: `code: err.code ??
 * REQUEST_SEND_ERROR`). The advice depends on the group: only an unknown issuer is fixed by a root
 * certificate (the usual case: a proxy that inspects HTTPS with its own).
 */
const CERTIFICATE_ADVICE: readonly (readonly [readonly string[], string])[] = [
    [
        [
            "UNABLE_TO_GET_ISSUER_CERT",
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "DEPTH_ZERO_SELF_SIGNED_CERT",
            "SELF_SIGNED_CERT_IN_CHAIN",
            "CERT_UNTRUSTED",
            "INVALID_CA",
        ],
        "; a proxy that inspects HTTPS needs its root certificate in NODE_EXTRA_CA_CERTS",
    ],
    [
        ["CERT_NOT_YET_VALID", "CERT_HAS_EXPIRED", "CRL_NOT_YET_VALID", "CRL_HAS_EXPIRED"],
        "; check this machine's clock, and whether a proxy presents an outdated certificate",
    ],
    [
        ["HOSTNAME_MISMATCH", "ERR_TLS_CERT_ALTNAME_INVALID"],
        "; the certificate is for another name: a proxy or a DNS entry answers for the service",
    ],
    [
        [
            "UNABLE_TO_GET_CRL",
            "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
            "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
            "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
            "CERT_SIGNATURE_FAILURE",
            "CRL_SIGNATURE_FAILURE",
            "ERROR_IN_CERT_NOT_BEFORE_FIELD",
            "ERROR_IN_CERT_NOT_AFTER_FIELD",
            "ERROR_IN_CRL_LAST_UPDATE_FIELD",
            "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
            "OUT_OF_MEM",
            "CERT_CHAIN_TOO_LONG",
            "CERT_REVOKED",
            "PATH_LENGTH_EXCEEDED",
            "INVALID_PURPOSE",
            "CERT_REJECTED",
            "UNSPECIFIED",
        ],
        "",
    ],
];
const ADVICE_OF_CERTIFICATE = new Map(
    CERTIFICATE_ADVICE.flatMap(([codes, advice]) => codes.map((c) => [c, advice] as const)),
);
/**
 * "wrong version number": HTTPS spoken to something that answers plain HTTP, most often an
 * HTTPS_PROXY written `https://` for a proxy that speaks plain HTTP (https-proxy-agent opens TLS to
 * a proxy whose address starts with `https:`).
 */
const WRONG_VERSION = /^(?:EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)$/;
/** Other handshake and protocol failures (OpenSSL's ERR_SSL_*, Node's ERR_TLS_*): said as they are. */
const HANDSHAKE_CODE = /^(?:ERR_SSL_[A-Z0-9_]+|ERR_TLS_[A-Z0-9_]+)$/;

/** Why an HTTPS connection was opened but not used: a certificate or a handshake, else undefined. */
export function tlsFailure(error: unknown, depth = 0): string | undefined {
    if (depth > 3) return undefined;
    const e = fields(error);
    const code = typeof e.status === "number" ? "" : text(e.code);
    const said = `${code}: ${firstLine(text(e.message))}`;
    const advice = ADVICE_OF_CERTIFICATE.get(code);
    if (advice !== undefined) return `could not make a trusted HTTPS connection (${said})${advice}`;
    if (WRONG_VERSION.test(code) && /wrong version number/i.test(said))
        return `the HTTPS handshake failed (${said}); if HTTPS_PROXY starts with https://, the proxy probably speaks plain HTTP: write it as http://host:port`;
    if (WRONG_VERSION.test(code) || HANDSHAKE_CODE.test(code))
        return `the HTTPS handshake failed (${said})`;
    return e.cause === undefined ? undefined : tlsFailure(e.cause, depth + 1);
}

/** Every message and code in an error and its causes (fetch puts the network code in `cause`). */
function allText(error: unknown, depth = 0): string {
    if (depth > 3) return "";
    const e = fields(error);
    return [
        // Octokit's RequestError warns when `code` is read; its network code is in the message.
        typeof e.status === "number" ? "" : text(e.code),
        text(e.message),
        text(e.errorResponse?.errorDescription),
        e.cause === undefined ? "" : allText(e.cause, depth + 1),
    ].join(" ");
}

/**
 * The telling part of an AuthenticationError's message when its `errorResponse` is gone (the Graph
 * client keeps only the message): @azure/identity writes "<error> Status code: N\nMore details:\n
 * <description>,", the description (AADSTS...) being what the organizer can act on.
 */
function refusalOf(message: string): string {
    const details = /More details:\s*\n([^\n]+)/.exec(message);
    return firstLine(details?.[1]?.replace(/,\s*$/, "") ?? message);
}

/** The HTTP status of an SDK error: Azure/Graph `statusCode`, Octokit `status`. */
export function statusOf(error: unknown): number | undefined {
    const e = fields(error);
    if (typeof e.statusCode === "number") return e.statusCode;
    if (typeof e.status === "number") return e.status;
    return undefined;
}

/** The network code or message of an error that never reached the service, else undefined. */
export function networkFailure(error: unknown): string | undefined {
    const all = allText(error);
    const match = NETWORK_TEXT.exec(all);
    if (match === null) return undefined;
    // The most telling line: the one naming the code ("getaddrinfo ENOTFOUND api.github.com").
    const lines = [fields(error).message, fields(fields(error).cause).message]
        .map(text)
        .map(firstLine)
        .filter((l) => l !== "");
    return lines.find((l) => NETWORK_TEXT.test(l)) ?? match[0];
}

/** Classifies any error an SDK or credential throws. `timeoutMs` names the deadline that passed. */
export function causeOf(error: unknown, timeoutMs: number, expired: boolean): Cause {
    const e = fields(error);
    const name = text(e.name);
    if (expired || name === "AbortError" || name === "TimeoutError")
        return { kind: "unreachable", reason: `no answer within ${timeoutMs / 1000}s` };
    const status = statusOf(error);
    // The Graph client (3.0.7, GraphErrorHandler.constructError) wraps what the credential threw in
    // a GraphError with statusCode -1 and the credential's error name as `code`, its message kept.
    const wrapped = status === -1 ? text(e.code) : "";
    const credentialError = CREDENTIAL_ERRORS.includes(name)
        ? name
        : CREDENTIAL_ERRORS.includes(wrapped)
          ? wrapped
          : undefined;
    if (credentialError === "AggregateAuthenticationError") {
        // A chain where no credential could even try: each one's reason, once. (A credential that
        // tried and was refused ends the chain with its own AuthenticationError instead:
        // @azure/identity's ChainedTokenCredential rethrows anything but CredentialUnavailableError.)
        const errors = Array.isArray(e.errors) ? (e.errors as unknown[]) : [];
        const network = [...errors, error].map(networkFailure).find((n) => n !== undefined);
        if (network !== undefined)
            return {
                kind: "unreachable",
                reason: `could not reach Entra ID to sign in (${network})`,
            };
        const why = errors.map((x) => firstLine(text(fields(x).message)));
        // Not refused: no credential of the chain was there to try (no az login, no variables).
        return {
            kind: "other",
            reason: `no usable sign-in (${why.join("; ") || firstLine(text(e.message))})`,
        };
    }
    const network = networkFailure(error);
    if (credentialError !== undefined && network !== undefined)
        return {
            kind: "unreachable",
            reason: `could not reach Entra ID to sign in (${network})`,
        };
    if (credentialError === "CredentialUnavailableError")
        return { kind: "other", reason: `no usable sign-in (${firstLine(text(e.message))})` };
    if (credentialError === "AuthenticationError") {
        const described = firstLine(text(e.errorResponse?.errorDescription));
        return {
            kind: "refused",
            reason: `Entra ID refused the sign-in (${described || refusalOf(text(e.message))})`,
        };
    }
    const message = firstLine(text(e.message));
    // The Graph client reports a fetch that got no response as a GraphError with statusCode -1
    // (its GraphErrorHandler), the network code lost: only "TypeError: fetch failed" in `body`.
    if (status === -1) {
        const body = firstLine(text((error as { body?: unknown }).body));
        return {
            kind: "unreachable",
            reason: `could not reach the service (${network ?? (body || message || "no response")})`,
        };
    }
    // @octokit/request 8 (fetch-wrapper) turns every fetch failure into a RequestError (name
    // HttpError) with status 500 and no `response`, whatever undici said ("Connect Timeout Error",
    // a TLS failure, "other side closed"): nothing answered, whatever the text.
    if (status === 500 && e.response === undefined && name === "HttpError")
        return {
            kind: "unreachable",
            reason: `could not reach the service (${network ?? (message || "no response")})`,
        };
    const tls = status === undefined ? tlsFailure(error) : undefined;
    if (tls !== undefined) return { kind: "unreachable", reason: tls };
    if (status === undefined && network !== undefined)
        return { kind: "unreachable", reason: `could not reach the service (${network})` };
    if (status === undefined)
        return { kind: "other", reason: `failed before any answer (${message})` };
    if (status === 401)
        return {
            kind: "refused",
            status,
            reason: `the credential was refused (401: ${message})`,
        };
    if (status === 403)
        return {
            kind: "other",
            status,
            reason: `permission too narrow to read this (403: ${message})`,
        };
    return { kind: "other", status, reason: `the service answered ${status}: ${message}` };
}

/**
 * One per service and preflight run: the first call that finds the service unreachable or its
 * credential refused records why, and every later call to that service is answered with the same
 * cause without being sent (so a wrong token costs one request, not one per login).
 */
export class ServiceBreaker {
    private tripped: Cause | undefined;
    /** Calls not sent because of the cause. */
    skipped = 0;

    get cause(): Cause | undefined {
        return this.tripped;
    }

    record(cause: Cause): void {
        if (this.tripped === undefined && cause.kind !== "other") this.tripped = cause;
    }
}
