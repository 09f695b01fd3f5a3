import { All } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { methodNotAllowed } from './admin-api.decorators';

/**
 * The 405 answers every admin resource shares. Nest registers a subclass's own handlers before
 * these inherited ones, so they only catch the methods the resource does not serve.
 */
export abstract class ResourceController {
  /** What an item of this resource answers to, for the 405's `Allow`. */
  protected readonly itemMethodsAllowed: string = 'GET, PUT, PATCH, DELETE';

  @All()
  @ApiExcludeEndpoint()
  collectionMethods(): never {
    return methodNotAllowed('GET, POST');
  }

  @All(':id')
  @ApiExcludeEndpoint()
  itemMethods(): never {
    return methodNotAllowed(this.itemMethodsAllowed);
  }
}
