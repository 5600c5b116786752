// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
import type { components } from './components';

export interface paths {
    "/api/v1/tools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tools you can run (approved versions); reviewers also see pending and rejected ones
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
                            tools: components["schemas"]["ToolVersion"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a tool version (a built-in id or an OCI image pinned by digest), pending review
         * @description Access: role:committee|admin.
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
                        description: string;
                        name: string;
                        spec: {
                            outputs: {
                                /** @default [] */
                                counts?: string[];
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
                            pooling?: {
                                [key: string]: "sum" | {
                                    weightedMean: string;
                                } | "min" | "max";
                            };
                            resources: {
                                /** @default 1 */
                                cpus?: number;
                                /** @default 600 */
                                deadlineS?: number;
                                /** @default 512 */
                                memoryMb?: number;
                                /** @default 64 */
                                pids?: number;
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
                        "application/json": components["schemas"]["ToolVersion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
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
    "/api/v1/tools/versions/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a pending tool version (admins and committee members)
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
                        /** @enum {string} */
                        decision: "approve" | "reject";
                        note?: string;
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
                        "application/json": components["schemas"]["ToolVersion"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiError"];
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
