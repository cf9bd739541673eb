/** English texts of self-service password reset: security info, the reset portal, its mail. */
export const recoveryEn = {} as const;
