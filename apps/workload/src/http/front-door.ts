import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AppError } from '../common/app-error';
import type { AuthenticationService } from '../identity/authentication.service';
import { type BasicCredentials, parseBasicAuthorization } from '../identity/basic-credentials';
import { logRefusal } from '../logging/refusal-log';
import { requestId } from '../logging/request-id';
import { toErrorResponse, writeErrorResponse } from './error-response';
import { framingError } from './request-framing';

/** A reason to refuse a request from its head alone. */
export type DoorCheck = (
  request: IncomingMessage,
  response: ServerResponse,
) => AppError | undefined;

/** Answers the request when a check refuses it; false lets it in. */
export type FrontDoor = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Refuses, before Express, routing or the body, what can be refused from the request's head: a
 * body that cannot be read (see request-framing) and credentials the abuse limits refuse from this
 * client. A flood then costs the least a request can; each refusal still gets its log line.
 */
export function frontDoor(checks: readonly DoorCheck[], log: Logger): FrontDoor {
  return (request, response) => {
    for (const check of checks) {
      const error = check(request, response);
      if (!error) continue;
      const id = requestId(request, response);
      const answer = toErrorResponse(error, id);
      writeErrorResponse(response, answer, { Connection: 'close' });
      logRefusal(log, 'request refused at the front door', request, {
        id,
        status: answer.status,
        error: error.code,
      });
      return true;
    }
    return false;
  };
}

export const unreadableBody: DoorCheck = (request) => framingError(request.headers);

/**
 * Holds the request's place in the password-hashing queue as it arrives (Basic credentials, or
 * those `otherCredentials` finds, such as acme-dns's headers), or refuses it (429) when
 * the limits would: see AuthenticationService.holdPlace. The place goes back if the request ends
 * before its credentials are checked.
 */
export function throttledCredentials(
  authentication: AuthenticationService,
  clientAddress: (request: IncomingMessage) => string,
  otherCredentials: (request: IncomingMessage) => BasicCredentials | null = () => null,
): DoorCheck {
  return (request, response) => {
    const credentials =
      parseBasicAuthorization(request.headers.authorization) ?? otherCredentials(request);
    if (!credentials) return undefined;
    const refusal = authentication.holdPlace(
      request,
      credentials.username,
      credentials.password,
      clientAddress(request),
    );
    if (!refusal) response.once('close', () => authentication.releasePlace(request));
    return refusal;
  };
}
