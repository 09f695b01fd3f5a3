import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { attemptContext, clientAddress } from '../identity/attempt-context';
import { AuthenticationService } from '../identity/authentication.service';
import type { AuthenticatedRequest } from '../identity/basic-auth.guard';
import { mayConnectFrom } from '../identity/networks';
import { AcmeDnsError, apiCredentials } from './wire';

/**
 * acme-dns's authentication (auth.go): `X-Api-User` and `X-Api-Key`, checked by the same service,
 * limits and hashing queue as every password; then the account's networks (`allowfrom`). Every
 * refusal is acme-dns's `forbidden`; the limits' own refusals (429) keep their answer.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authentication: AuthenticationService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = apiCredentials(request.headers);
    if (!credentials) {
      throw new AcmeDnsError(
        'forbidden',
        'X-Api-User is not a UUID or X-Api-Key is not 40 characters',
      );
    }
    const user = await this.authentication.authenticate(
      credentials.username,
      credentials.password,
      attemptContext(request),
    );
    if (!user) throw new AcmeDnsError('forbidden', 'invalid X-Api-User or X-Api-Key');
    const client = clientAddress(request);
    if (!mayConnectFrom(user.allowedNetworks, client)) {
      throw new AcmeDnsError('forbidden', `${user.username} may not connect from ${client}`);
    }
    request.user = user;
    return true;
  }
}
