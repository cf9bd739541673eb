/** English texts of the Graph password and authentication-method routes (issue 15). */
export const graphPasswordsEn = {
  'graph_passwords.operation_not_found': 'There is no password reset operation with this id for this user.',
};
