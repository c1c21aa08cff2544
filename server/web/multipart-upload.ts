import express, { type RequestHandler } from 'express';

export interface UploadedFile {
  fieldName: string;
  fileName: string;
  buffer: Buffer;
}

declare module 'express-serve-static-core' {
  interface Request {
    uploadedFile?: UploadedFile;
  }
}

/** Splits a multipart body at its boundary; answers the text fields and the first file. */
export function parseMultipart(body: Buffer, boundary: string): { fields: Record<string, string>; file: UploadedFile | undefined } {
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && fileName !== undefined) file ??= { fieldName: name, fileName, buffer: Buffer.from(content) };
      else if (name !== undefined) fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return { fields, file };
}

/**
 * Reads a multipart form (a file upload) into `request.body` (its text fields)
 * and `request.uploadedFile`, so the CSRF check reads the token as from any form.
 */
export function multipartUpload(limitBytes: number): RequestHandler[] {
  return [
    express.raw({ type: 'multipart/form-data', limit: limitBytes }),
    (request, _response, next) => {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(request.get('content-type') ?? '');
      if (!boundary || !Buffer.isBuffer(request.body)) {
        request.body = {};
        next();
        return;
      }
      const { fields, file } = parseMultipart(request.body, boundary[1] ?? boundary[2]!);
      request.body = fields;
      request.uploadedFile = file;
      next();
    },
  ];
}
