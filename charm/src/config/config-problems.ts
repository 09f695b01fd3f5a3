/**
 * Everything that keeps the charm from configuring the workload, gathered so that one Blocked
 * status names all of it and the operator fixes it in one go.
 */
export class ConfigProblems {
  private readonly missingOptions: string[] = [];
  private readonly invalid: string[] = [];
  private readonly missingIntegrations: string[] = [];

  missingOption(name: string): void {
    this.missingOptions.push(name);
  }

  /** `what` is an option name, or a description of where a bad value came from. */
  invalidValue(what: string, reason: string): void {
    this.invalid.push(`invalid ${what}: ${reason}`);
  }

  missingIntegration(endpoint: string): void {
    this.missingIntegrations.push(endpoint);
  }

  get empty(): boolean {
    return this.missingOptions.length + this.invalid.length + this.missingIntegrations.length === 0;
  }

  message(): string {
    return [
      ...(this.missingOptions.length > 0
        ? [`missing options: ${this.missingOptions.join(', ')}`]
        : []),
      ...this.invalid,
      ...(this.missingIntegrations.length > 0
        ? [`missing integrations: ${this.missingIntegrations.join(', ')}`]
        : []),
    ].join('; ');
  }
}
