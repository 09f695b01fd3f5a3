import { Global, Module } from '@nestjs/common';
import { AuthLimits } from './auth-limits';

/** Global: the auth guard is instantiated in every module that uses it. */
@Global()
@Module({
  providers: [AuthLimits],
  exports: [AuthLimits],
})
export class LimitsModule {}
