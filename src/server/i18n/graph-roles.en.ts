/** English texts of Graph's role assignments (issue 15): the problem titles of the roles.* codes they add. */
export const graphRolesEn = {
  'roles.principal_not_found': 'There is no user or app with this id.',
  'roles.app_role_taken': 'This app already has an admin role. Remove that role before you assign another one.',
} as const;
