import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';

/** Password hashing on threads of its own, for accounts (new passwords) and identity (checks). */
@Module({
  providers: [PasswordHasher],
  exports: [PasswordHasher],
})
export class PasswordsModule {}
