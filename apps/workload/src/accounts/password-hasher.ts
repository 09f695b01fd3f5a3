import { Injectable } from '@nestjs/common';
import {
  hashPassword,
  verifyAgainstDecoy,
  type Verification,
  verifyPassword,
} from './password-hashing';

/** The password hashing functions as a provider: the one seam through which accounts hash. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hashPassword(password);
  }

  verify(password: string, stored: string): Promise<Verification> {
    return verifyPassword(password, stored);
  }

  /** Costs what a real verification costs, for usernames that do not exist. */
  verifyDecoy(password: string): Promise<void> {
    return verifyAgainstDecoy(password);
  }
}
