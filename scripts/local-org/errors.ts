/** One entry of Salesforce's error array, as REST answers it (`errorCode`) and as collections answer it (`statusCode`). */
export type ApiError = { statusCode: string; message: string; fields: string[] };

/** An error that ends the whole request with `[{ message, errorCode, fields }]`. */
export class HttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly errorCode: string,
    message: string,
    public readonly fields: string[] = [],
  ) {
    super(message);
  }
}

/** A record-level failure: collections and bulk jobs report it per row, single-record routes as a 400. */
export class RecordError extends Error {
  public constructor(public readonly errors: ApiError[]) {
    super(errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
  }
}

export function apiError(statusCode: string, message: string, fields: string[] = []): ApiError {
  return { statusCode, message, fields };
}

export function malformedQuery(message: string): HttpError {
  return new HttpError(400, 'MALFORMED_QUERY', message);
}
