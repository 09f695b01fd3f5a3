import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';

/**
 * Whether the client reached us over TLS: directly, or through a proxy of HLP_TRUSTED_PROXIES
 * that says so in `X-Forwarded-Proto` (Express's `trust proxy`). Anyone else's header is
 * ignored, as their `X-Forwarded-For` is.
 */
export function isSecureRequest(request: Request): boolean {
  return request.protocol.toLowerCase() === 'https';
}

/**
 * What links in responses start with: the configured public URL; else the origin the client
 * addressed, when the allowed hosts vouch for its `Host` header; else nothing (relative links),
 * since with `*` a `Host` header names whatever the client likes.
 */
export function linkOrigin(
  request: Request,
  config: Pick<AppConfig, 'publicUrl' | 'allowedHosts'>,
): string {
  if (config.publicUrl !== undefined) return config.publicUrl;
  const host = request.headers.host;
  if (config.allowedHosts.includes('*') || !host) return '';
  return `${isSecureRequest(request) ? 'https' : 'http'}://${host}`;
}
