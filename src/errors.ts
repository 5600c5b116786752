/**
 * The one error type of the platform. Every error a user can see carries a stable code, the HTTP
 * status it maps to, and a message that says what was wrong and what to do.
 */
export const errorCodes = {
  CONFIG_INVALID: 500,
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_QUERY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  TERMS_NOT_ACCEPTED: 403,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NODE_UNAVAILABLE: 502,
  NODE_BUSY: 503,
  TIMEOUT: 504,
  DICOM_INVALID: 422,
  CSV_INVALID: 422,
  IO_FAILED: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class CieError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CieError';
    this.code = code;
    this.status = errorCodes[code];
    this.details = details;
  }

  /** The JSON body an API returns for this error. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** Narrow an unknown thrown value to a message string without losing CieError messages. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
