/*
 * The parts of oidc-provider 8's `interactionPolicy` export that interactions-policy.ts uses (the
 * library ships no types; oidc-provider.d.ts declares the rest, and these declarations merge with it).
 */
declare module 'oidc-provider' {
  export interface InteractionCheck {
    reason: string;
  }
  export interface InteractionPrompt {
    name: string;
    checks: InteractionCheck[] & { add(check: InteractionCheck, index?: number): void };
  }
  export type InteractionPromptList = InteractionPrompt[] & { get(name: string): InteractionPrompt | undefined };
  export const interactionPolicy: {
    base(): InteractionPromptList;
    Check: {
      new (reason: string, description: string, error: string, check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>): InteractionCheck;
      REQUEST_PROMPT: boolean;
      NO_NEED_TO_PROMPT: boolean;
    };
  };
}
