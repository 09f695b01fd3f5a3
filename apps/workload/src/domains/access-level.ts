export const ACCESS_LEVELS = ['domain', 'subdomain'] as const;

/** `domain`: exactly that name. `subdomain`: any name strictly below it. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
