// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
export interface paths {
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit records, newest first, with the people named; page with before=nextBefore
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: {
                    /** @description exact, or a prefix ending in . or * */
                    action?: string;
                    /** @description exact actor, e.g. user:3 */
                    actor?: string;
                    before?: number;
                    /** @description search, download, access, account or administration */
                    family?: "search" | "download" | "access" | "account" | "administration";
                    from?: unknown;
                    limit?: number;
                    outcome?: "success" | "failure" | "denied";
                    /** @description part of a name or e-mail (actor) */
                    person?: string;
                    target?: string;
                    to?: unknown;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            nextBefore: number | null;
                            records: {
                                action: string;
                                actor: string;
                                /** @description the account behind a user:<id> actor */
                                actorPerson: {
                                    email: string;
                                    name: string;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                family: "search" | "download" | "access" | "account" | "administration" | "other";
                                hash: string;
                                ip: string | null;
                                /** @enum {string} */
                                outcome: "success" | "failure" | "denied";
                                prev_hash: string;
                                seq: number;
                                target: string | null;
                                /** @description the account behind a user:<id> target */
                                targetPerson: {
                                    email: string;
                                    name: string;
                                } | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the hash chain of the whole log
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            headSeq: number;
                            ok: boolean;
                            problems: {
                                kind: string;
                                message: string;
                                seq: number;
                            }[];
                            records: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
