// Apart from options.ts because the seeder needs it and options.ts needs the seeder's type.

/** The handle of the account every mock has; `mock.apiKey` is its admin key. */
export const DEFAULT_ACCOUNT = "default";
