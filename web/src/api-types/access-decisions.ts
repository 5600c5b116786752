// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
export interface paths {
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
}
