// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
export interface components {
    schemas: {
        AirlockAnswer: {
            approvals: string[];
            needed: number;
            output?: {
                content: string;
                /** @enum {string} */
                encoding: "utf8" | "base64";
                /** @enum {string} */
                kind: "metrics" | "table" | "file";
                mediaType: string;
                name: string;
                releasedBy: string[];
            };
            reasons: string[];
            /** @enum {string} */
            state: "held" | "released" | "rejected";
        };
        ApiError: {
            error: {
                code: string;
                details?: {
                    [key: string]: unknown;
                };
                message: string;
            };
        };
        Attachment: {
            /** Format: date-time */
            createdAt: string;
            downloadUrl: string;
            fileName: string;
            id: number;
            /** @enum {string} */
            mediaType: "application/pdf" | "image/png" | "image/jpeg";
            sha256: string;
            sizeBytes: number;
            uploader: components["schemas"]["Person"];
        };
        Basket: {
            items: {
                provider: string;
                slug: string;
                title: string;
            }[];
        };
        Job: {
            createdAt: string;
            finishedAt: string | null;
            id: number;
            params: {
                [key: string]: unknown;
            };
            pooled: {
                metrics: {
                    [key: string]: number;
                };
                output: string;
                sites: number;
            } | null;
            sites: {
                datasets: string[];
                log: string[];
                name: string;
                outputs: {
                    content: string;
                    /** @enum {string} */
                    encoding: "utf8" | "base64";
                    /** @enum {string} */
                    kind: "metrics" | "table" | "file";
                    mediaType: string;
                    name: string;
                    releasedBy: string[];
                }[];
                policy: string | null;
                reason: string | null;
                site: string;
                /** @enum {string} */
                status: "queued" | "running" | "released" | "held" | "refused" | "failed" | "cancelled";
                updatedAt: string;
                withheld: {
                    name: string;
                    reasons: string[];
                    /** @enum {string} */
                    state: "held" | "rejected" | "refused";
                }[];
            }[];
            /** @enum {string} */
            status: "running" | "done";
            tool: {
                name: string;
                slug: string;
                version: string;
            };
        };
        Message: {
            author: components["schemas"]["Person"];
            /** Format: date-time */
            createdAt: string;
            id: number;
            text: string;
        };
        Person: {
            displayName: string;
            email: string;
            id: number;
        };
        PurposeWarning: {
            catalogueEntryId: number;
            code: string;
            message: string;
            slug: string;
        };
        RequestDataset: {
            catalogueEntryId: number;
            comment: string | null;
            /** Format: date-time */
            decidedAt: string | null;
            decidedBy: components["schemas"]["Person"] | null;
            organisationId: number;
            organisationName: string;
            representedByViewer: boolean;
            slug: string;
            /** @enum {string} */
            state: "PENDING" | "APPROVED" | "DECLINED" | "NEEDS_INFORMATION";
            title: string;
        };
        RequestDetail: {
            /** Format: date-time */
            createdAt: string;
            datasets: components["schemas"]["RequestDataset"][];
            durationDays: number;
            ethicsReference: string;
            id: number;
            institution: string;
            principalInvestigator: string;
            projectSummary: string;
            projectTitle: string;
            purpose: string[];
            requester: components["schemas"]["Person"];
            /** @enum {string} */
            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
            /** Format: date-time */
            submittedAt: string | null;
            timeline: components["schemas"]["TimelineItem"][];
            /** Format: date-time */
            updatedAt: string;
            viewer: components["schemas"]["RequestViewer"];
            warnings: components["schemas"]["PurposeWarning"][];
        };
        RequestSummary: {
            /** Format: date-time */
            createdAt: string;
            datasets: components["schemas"]["RequestDataset"][];
            id: number;
            projectTitle: string;
            requester: components["schemas"]["Person"];
            /** @enum {string} */
            state: "DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN";
            /** Format: date-time */
            submittedAt: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        RequestViewer: {
            allowedTransitions: ("DRAFT" | "SUBMITTED" | "UNDER_REVIEW" | "CONCLUDED" | "DECLINED" | "WITHDRAWN")[];
            isCommittee: boolean;
            isRequester: boolean;
            representativeFor: number[];
        };
        TimelineItem: {
            actor: components["schemas"]["Person"] | null;
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
            message: components["schemas"]["Message"];
        } | {
            /** Format: date-time */
            at: string;
            attachment: components["schemas"]["Attachment"];
            /** @enum {string} */
            kind: "attachment";
        };
        ToolVersion: {
            description: string;
            id: number;
            name: string;
            reviewedAt: string | null;
            reviewedBy: string | null;
            reviewNote: string | null;
            slug: string;
            spec: {
                outputs: {
                    /** @default [] */
                    counts: string[];
                    dominance?: {
                        largest: string;
                        total: string;
                    };
                    /** @enum {string} */
                    kind: "metrics" | "table" | "file";
                    maxBytes: number;
                    /** @enum {string} */
                    mediaType?: "text/plain" | "image/png" | "application/json" | "text/csv";
                    name: string;
                }[];
                parameters: {
                    [key: string]: unknown;
                };
                /** @default {} */
                pooling: {
                    [key: string]: "sum" | {
                        weightedMean: string;
                    } | "min" | "max";
                };
                resources: {
                    /** @default 1 */
                    cpus: number;
                    /** @default 600 */
                    deadlineS: number;
                    /** @default 512 */
                    memoryMb: number;
                    /** @default 64 */
                    pids: number;
                };
                runner: {
                    builtin: string;
                    /** @enum {string} */
                    kind: "builtin";
                } | {
                    digest: string;
                    image: string;
                    /** @enum {string} */
                    kind: "container";
                };
                slug: string;
                version: string;
            };
            /** @enum {string} */
            state: "pending" | "approved" | "rejected";
            submittedBy: string;
            version: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
