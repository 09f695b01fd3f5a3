import { randomBytes } from 'node:crypto';

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  /** Header names are lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `name` of its Content-Disposition. */
  readonly name?: string;
  /** The `filename` of its Content-Disposition (Pebble puts the full path here). */
  readonly filename?: string;
  readonly body: Buffer;
}

/** A part to encode. */
export interface MultipartPartInput {
  readonly name: string;
  readonly filename?: string;
  readonly contentType: string;
  readonly body: Buffer;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Encodes parts as multipart/form-data. The boundary is 32 random hex characters:
 * Pebble refuses boundaries shorter than 32.
 */
export function encodeMultipart(parts: readonly MultipartPartInput[]): {
  contentType: string;
  body: Buffer;
} {
  const boundary = randomBytes(16).toString('hex');
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name=${quote(part.name)}${
      part.filename === undefined ? '' : `; filename=${quote(part.filename)}`
    }`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(head), part.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** The boundary of a multipart Content-Type header, if it is one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\//i.test(contentType)) {
    return undefined;
  }
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Reads one parameter (`name`, `filename`) of a Content-Disposition header, unescaping quotes. */
export function dispositionParameter(disposition: string, parameter: string): string | undefined {
  const match = new RegExp(`;\\s*${parameter}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(
    disposition,
  );
  if (!match) {
    return undefined;
  }
  return match[1] === undefined ? match[2] : match[1].replace(/\\(.)/g, '$1');
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

/** Decodes a multipart body; throws when it is not well-formed. */
export function decodeMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) {
    throw new Error('cannot decode multipart body: no boundary found');
  }
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') {
      return parts;
    }
    const headerStart = position + 2; // skip CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd);
    if (headerEnd < 0 || next < 0) {
      throw new Error('cannot decode multipart body: truncated part');
    }
    const headers = parseHeaders(body.subarray(headerStart, headerEnd).toString('utf8'));
    const disposition = headers['content-disposition'] ?? '';
    const name = dispositionParameter(disposition, 'name');
    const filename = dispositionParameter(disposition, 'filename');
    parts.push({
      headers,
      ...(name === undefined ? {} : { name }),
      ...(filename === undefined ? {} : { filename }),
      body: body.subarray(headerEnd + 4, next),
    });
    position = next + 2; // at the next delimiter
  }
}
