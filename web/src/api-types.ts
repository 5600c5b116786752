// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
export interface paths {
    "/api/v1/access/committee/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Committee inbox: SUBMITTED and UNDER_REVIEW requests
         * @description Access: role:committee|admin.
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
                            requests: {
                                /** Format: date-time */
                                createdAt: string;
                                datasets: {
                                    catalogueEntryId: number;
                                    comment: string | null;
                                    /** Format: date-time */
                                    decidedAt: string | null;
                                    decidedBy: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    } | null;
                                    organisationId: number;
                                    organisationName: string;
                                    representedByViewer: boolean;
                                    slug: string;
                                    /** @enum {string} */
                                    state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                    title: string;
                                }[];
                                id: number;
                                projectTitle: string;
                                requester: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
                                /** @enum {string} */
                                state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                                /** Format: date-time */
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
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
    "/api/v1/access/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your grants (active, scheduled, expired, revoked)
         * @description Access: user.
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
                            grants: {
                                catalogueEntryId: number;
                                conditions: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                endsAt: string;
                                id: number;
                                purpose: string[];
                                requestId: number;
                                /** Format: date-time */
                                revokedAt: string | null;
                                revokedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                revokeReason: string | null;
                                slug: string;
                                /** Format: date-time */
                                startsAt: string;
                                /** @enum {string} */
                                status: "active" | "scheduled" | "expired" | "revoked";
                                title: string;
                                user: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
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
    "/api/v1/access/grants/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a grant (the dataset's representatives or an admin), with the reason
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            catalogueEntryId: number;
                            conditions: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            endsAt: string;
                            id: number;
                            purpose: string[];
                            requestId: number;
                            /** Format: date-time */
                            revokedAt: string | null;
                            revokedBy: {
                                displayName: string;
                                email: string;
                                id: number;
                            } | null;
                            revokeReason: string | null;
                            slug: string;
                            /** Format: date-time */
                            startsAt: string;
                            /** @enum {string} */
                            status: "active" | "scheduled" | "expired" | "revoked";
                            title: string;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/representative/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Grants on your organisations' datasets
         * @description Access: representative.
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
                            grants: {
                                catalogueEntryId: number;
                                conditions: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                endsAt: string;
                                id: number;
                                purpose: string[];
                                requestId: number;
                                /** Format: date-time */
                                revokedAt: string | null;
                                revokedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                revokeReason: string | null;
                                slug: string;
                                /** Format: date-time */
                                startsAt: string;
                                /** @enum {string} */
                                status: "active" | "scheduled" | "expired" | "revoked";
                                title: string;
                                user: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
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
    "/api/v1/access/representative/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Representative inbox: requests for your organisations' datasets
         * @description Access: representative.
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
                            requests: {
                                /** Format: date-time */
                                createdAt: string;
                                datasets: {
                                    catalogueEntryId: number;
                                    comment: string | null;
                                    /** Format: date-time */
                                    decidedAt: string | null;
                                    decidedBy: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    } | null;
                                    organisationId: number;
                                    organisationName: string;
                                    representedByViewer: boolean;
                                    slug: string;
                                    /** @enum {string} */
                                    state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                    title: string;
                                }[];
                                id: number;
                                projectTitle: string;
                                requester: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
                                /** @enum {string} */
                                state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                                /** Format: date-time */
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
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
    "/api/v1/access/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your own access requests
         * @description Access: user.
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
                            requests: {
                                /** Format: date-time */
                                createdAt: string;
                                datasets: {
                                    catalogueEntryId: number;
                                    comment: string | null;
                                    /** Format: date-time */
                                    decidedAt: string | null;
                                    decidedBy: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    } | null;
                                    organisationId: number;
                                    organisationName: string;
                                    representedByViewer: boolean;
                                    slug: string;
                                    /** @enum {string} */
                                    state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                    title: string;
                                }[];
                                id: number;
                                projectTitle: string;
                                requester: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
                                /** @enum {string} */
                                state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                                /** Format: date-time */
                                submittedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Start an access request (a DRAFT); warns when the purpose does not fit a dataset
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        datasets: (number | string)[];
                        durationDays: number;
                        ethicsReference: string;
                        institution: string;
                        principalInvestigator: string;
                        projectSummary: string;
                        projectTitle: string;
                        purpose: ("DUO:0000004" | "DUO:0000042" | "DUO:0000006" | "DUO:0000007" | "DUO:0000011" | "DUO:0000043" | "DUO:0000012" | "DUO:0000015" | "DUO:0000016" | "DUO:0000019" | "DUO:0000020" | "DUO:0000021" | "DUO:0000022" | "DUO:0000024" | "DUO:0000025" | "DUO:0000026" | "DUO:0000027" | "DUO:0000028" | "DUO:0000029" | "DUO:0000044" | "DUO:0000045" | "DUO:0000046")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One access request with its timeline (its participants only)
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
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
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
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
        /**
         * Edit a DRAFT (its requester)
         * @description Access: user.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        datasets?: (number | string)[];
                        durationDays?: number;
                        ethicsReference?: string;
                        institution?: string;
                        principalInvestigator?: string;
                        projectSummary?: string;
                        projectTitle?: string;
                        purpose?: ("DUO:0000004" | "DUO:0000042" | "DUO:0000006" | "DUO:0000007" | "DUO:0000011" | "DUO:0000043" | "DUO:0000012" | "DUO:0000015" | "DUO:0000016" | "DUO:0000019" | "DUO:0000020" | "DUO:0000021" | "DUO:0000022" | "DUO:0000024" | "DUO:0000025" | "DUO:0000026" | "DUO:0000027" | "DUO:0000028" | "DUO:0000029" | "DUO:0000044" | "DUO:0000045" | "DUO:0000046")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/access/requests/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach a file: the raw body with Content-Type application/pdf, image/png, image/jpeg (at most 10485760 bytes); ?filename= names it
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: {
                    filename?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            downloadUrl: string;
                            fileName: string;
                            id: number;
                            /** @enum {string} */
                            mediaType: "application/pdf" | "image/png" | "image/jpeg";
                            sha256: string;
                            sizeBytes: number;
                            uploader: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    attachmentId: number;
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/access/requests/{id}/datasets/{datasetId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide on one dataset (representatives of its organisation); approval creates the grant
         * @description Access: representative.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    datasetId: number;
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                        conditions?: string;
                        /** @enum {string} */
                        decision: "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/datasets/{datasetId}/information": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a request for information (requester): the dataset is PENDING again
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    datasetId: number;
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline a SUBMITTED request (committee), with the reason
         * @description Access: role:committee|admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The request's messages
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
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
                            messages: {
                                author: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Post a message to the thread
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            author: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            id: number;
                            text: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Administrative check passed: SUBMITTED → UNDER_REVIEW
         * @description Access: role:committee|admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a DRAFT to the access committee
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/requests/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw the request (its requester)
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            datasets: {
                                catalogueEntryId: number;
                                comment: string | null;
                                /** Format: date-time */
                                decidedAt: string | null;
                                decidedBy: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                organisationId: number;
                                organisationName: string;
                                representedByViewer: boolean;
                                slug: string;
                                /** @enum {string} */
                                state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
                                title: string;
                            }[];
                            durationDays: number;
                            ethicsReference: string;
                            id: number;
                            institution: string;
                            principalInvestigator: string;
                            projectSummary: string;
                            projectTitle: string;
                            purpose: string[];
                            requester: {
                                displayName: string;
                                email: string;
                                id: number;
                            };
                            /** @enum {string} */
                            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
                            /** Format: date-time */
                            submittedAt: string | null;
                            timeline: ({
                                actor: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                catalogueEntryId: number | null;
                                comment: string | null;
                                from: string | null;
                                /** @enum {string} */
                                kind: "state";
                                to: string;
                            } | {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                kind: "message";
                                message: {
                                    author: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: number;
                                    text: string;
                                };
                            } | {
                                /** Format: date-time */
                                at: string;
                                attachment: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    downloadUrl: string;
                                    fileName: string;
                                    id: number;
                                    /** @enum {string} */
                                    mediaType: "application/pdf" | "image/png" | "image/jpeg";
                                    sha256: string;
                                    sizeBytes: number;
                                    uploader: {
                                        displayName: string;
                                        email: string;
                                        id: number;
                                    };
                                };
                                /** @enum {string} */
                                kind: "attachment";
                            })[];
                            /** Format: date-time */
                            updatedAt: string;
                            viewer: {
                                allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
                                isCommittee: boolean;
                                isRequester: boolean;
                                representativeFor: number[];
                            };
                            warnings: {
                                catalogueEntryId: number;
                                code: string;
                                message: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit records, newest first; page with before=nextBefore
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: {
                    /** @description exact, or a prefix ending in . or * */
                    action?: string;
                    actor?: string;
                    before?: number;
                    from?: unknown;
                    limit?: number;
                    outcome?: "success" | "failure" | "denied";
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
                                /** Format: date-time */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                hash: string;
                                ip: string | null;
                                /** @enum {string} */
                                outcome: "success" | "failure" | "denied";
                                prev_hash: string;
                                seq: number;
                                target: string | null;
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
    "/api/v1/admin/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a provider organisation
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        country: string;
                        /**
                         * @default provider
                         * @enum {string}
                         */
                        kind?: "provider" | "platform";
                        name: string;
                        slug: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: number;
                            /** @enum {string} */
                            kind: "provider" | "platform";
                            name: string;
                            slug: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/organisations/{id}/representatives": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's data-holder representatives
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
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
                            displayName: string;
                            email: string;
                            userId: number;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /**
         * Make a user a representative of the organisation
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userId: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/organisations/{id}/representatives/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a representative
         * @description Access: role:admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    userId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mails the hub queued (outbox mail mode, the demo)
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
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
                            mails: {
                                attempts: number;
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                                subject: string;
                                text: string;
                                to: string;
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
    "/api/v1/admin/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a new version; everyone must accept it again
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @enum {string} */
                        kind: "terms-of-use" | "provider-rules";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** @enum {string} */
                            kind: "terms-of-use" | "provider-rules";
                            /** Format: date-time */
                            publishedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description part of an e-mail or name */
                    q?: string;
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
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            representativeOf: number[];
                            roles: string[];
                        }[];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a local account (it accepts the terms at its first sign-in)
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        email: string;
                        password: string;
                        /** @default [] */
                        roles?: ("admin" | "committee")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            representativeOf: number[];
                            roles: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Disable or re-enable an account (disabling ends its sessions)
         * @description Access: role:admin.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            representativeOf: number[];
                            roles: string[];
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/users/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the roles granted on this hub (researcher is implicit)
         * @description Access: role:admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        roles: ("admin" | "committee")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            representativeOf: number[];
                            roles: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the identity provider sends the browser back
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/auth/oidc/{provider}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in (redirects to the identity provider)
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: {
                    returnTo?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/auth/oidc/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Identity providers to sign in with
         * @description Access: public.
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
                            id: string;
                            name: string;
                            startUrl: string;
                        }[];
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
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password; ends your other sessions
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with e-mail and password
         * @description Access: public.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send it in x-csrf-token on state-changing requests (also in the cie_csrf cookie) */
                            csrfToken: string;
                            user: {
                                currentTermsVersion: number | null;
                                displayName: string;
                                email: string;
                                hasPassword: boolean;
                                id: number;
                                representativeOf: number[];
                                roles: ("admin" | "committee" | "researcher")[];
                                termsAccepted: boolean;
                                /** @enum {string} */
                                via: "session" | "token";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End this session (no-op for API tokens: revoke them instead)
         * @description Access: user.
         */
        post: {
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
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a local account and sign in
         * @description Access: public.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the terms-of-use version accepted */
                        acceptTermsVersion?: number;
                        displayName: string;
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send it in x-csrf-token on state-changing requests (also in the cie_csrf cookie) */
                            csrfToken: string;
                            user: {
                                currentTermsVersion: number | null;
                                displayName: string;
                                email: string;
                                hasPassword: boolean;
                                id: number;
                                representativeOf: number[];
                                roles: ("admin" | "committee" | "researcher")[];
                                termsAccepted: boolean;
                                /** @enum {string} */
                                via: "session" | "token";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * search the catalogue: full text, facets (see docs/catalogue.md), sorting, paging
         * @description Access: public.
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
                    content?: never;
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
    "/api/v1/catalogue/datasets/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * one published catalogue entry
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * edit descriptive fields of your organisation's entry
         * @description Access: representative.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        trace?: never;
    };
    "/api/v1/catalogue/datasets/{slug}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * every version of a published entry
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/catalogue/harvest-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * runs of the scheduled catalogue harvest, latest first, with their results
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    source?: string;
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
                    content?: never;
                };
            };
        };
        put?: never;
        /**
         * harvest one configured source now; answers with the finished run
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        source: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue/harvest-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * one harvest run with its report (IRIs created, updated, vanished; rejected records)
         * @description Access: role:admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/catalogue/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * human labels of the codes the catalogue shows
         * @description Access: public.
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
                    content?: never;
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
    "/api/v1/catalogue/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * totals and breakdowns (cancer type, modality, body part, country) of the catalogue
         * @description Access: public.
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
                    content?: never;
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
    "/api/v1/hub/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * the hub's public key (JWK)
         * @description Access: public.
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
                    content?: never;
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
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I: account, roles, organisations, terms status
         * @description Access: user.
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
                            currentTermsVersion: number | null;
                            displayName: string;
                            email: string;
                            hasPassword: boolean;
                            id: number;
                            representativeOf: number[];
                            roles: ("admin" | "committee" | "researcher")[];
                            termsAccepted: boolean;
                            /** @enum {string} */
                            via: "session" | "token";
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
    "/api/v1/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your API tokens
         * @description Access: user.
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
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string | null;
                            id: number;
                            /** Format: date-time */
                            lastUsedAt: string | null;
                            name: string;
                            /** Format: date-time */
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API token (the token is in this answer only)
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description default: never */
                        expiresInDays?: number;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string | null;
                            id: number;
                            /** Format: date-time */
                            lastUsedAt: string | null;
                            name: string;
                            /** Format: date-time */
                            revokedAt: string | null;
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of your API tokens
         * @description Access: user.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * nodes with their live status
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
                    content?: never;
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
    "/api/v1/nodes/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * revoke a node: disconnect and refuse it
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * enrol a node with a one-time token
         * @description Access: public.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        publicKey: {
                            /** @enum {string} */
                            alg?: "EdDSA";
                            /** @enum {string} */
                            crv: "Ed25519";
                            kid?: string;
                            /** @enum {string} */
                            kty: "OKP";
                            /** @enum {string} */
                            use?: "sig";
                            x: string;
                        };
                        token: string;
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/enrolment-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * issue a one-time enrolment token (shown once)
         * @description Access: role:admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        organisationId: number;
                        /** @default 86400 */
                        ttlSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My notifications, newest first, with the unread count
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page: ids below this one */
                    before?: number;
                    limit?: number;
                    unread?: "true" | "false";
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
                            notifications: {
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                kind: string;
                                link: string | null;
                                read: boolean;
                                subject: string;
                                text: string;
                            }[];
                            unread: number;
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
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one of my notifications read
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
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
                            unread: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark all my notifications read
         * @description Access: user.
         */
        post: {
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
                            unread: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many of my notifications are unread
         * @description Access: user.
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
                            unread: number;
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
    "/api/v1/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Provider organisations
         * @description Access: public.
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
                            country: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: number;
                            /** @enum {string} */
                            kind: "provider" | "platform";
                            name: string;
                            slug: string;
                        }[];
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
    "/api/v1/organisations/{id}/provider-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether an organisation accepted the current provider rules
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
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
                            accepted: boolean;
                            organisationId: number;
                            version: number;
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
    "/api/v1/organisations/{id}/provider-rules/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the current provider rules for your organisation
         * @description Access: representative.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the version you read and accept */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search/fields": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * the field catalogue of federated search
         * @description Access: public.
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
                    content?: never;
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
    "/api/v1/searches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * your recent searches
         * @description Access: user.
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
                    content?: never;
                };
            };
        };
        put?: never;
        /**
         * start a federated search (Lens AST)
         * @description Access: user.
         */
        post: {
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
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * a search with every node outcome so far
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * cancel a running search
         * @description Access: user.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * node outcomes as Server-Sent Events (result…, done)
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/spot/beam": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * start a search the way EUCAIM Lens does (Spot)
         * @description Access: user.
         */
        post: {
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
                    content?: never;
                };
            };
        };
        delete?: never;
        /**
         * CORS preflight for Lens
         * @description Access: public.
         */
        options: {
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
                    content?: never;
                };
            };
        };
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/spot/beam/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * site results as Beam new_result events (Spot)
         * @description Access: user.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/api/v1/terms/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the current terms of use
         * @description Access: user.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the version you read and accept */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terms/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current terms of use or provider rules (Markdown)
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: {
                    kind?: "terms-of-use" | "provider-rules";
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
                            body: string;
                            /** @enum {string} */
                            kind: "terms-of-use" | "provider-rules";
                            /** Format: date-time */
                            publishedAt: string;
                            version: number;
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
    "/catalogue.jsonld": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * the whole public catalogue as DCAT-AP JSON-LD (streamed)
         * @description Access: public.
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
                    content?: never;
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
    "/catalogue.ttl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * the whole public catalogue as DCAT-AP Turtle (streamed)
         * @description Access: public.
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
                    content?: never;
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
    "/catalogue/datasets/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * the dataset IRI: HTML, Turtle, JSON-LD or JSON by Accept or suffix
         * @description Access: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
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
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Access: public. */
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
                            status: string;
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
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Access: public. */
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
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                message: string;
                            };
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
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
