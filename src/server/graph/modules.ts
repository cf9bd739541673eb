import type { GraphModule } from './plugin.js';
import { passwordsModule } from './passwords.js';
import { methodsModule } from './methods.js';
import { rolesModule } from './roles.js';
import { groupsModule } from './groups.js';
import { logsModule } from './logs.js';
import { usersModule } from './users.js';

/** Every Graph route module, registered under /graph/v1.0 and /graph/beta (one line each). */
export const graphModules: readonly GraphModule[] = [passwordsModule, methodsModule, rolesModule, groupsModule, logsModule, usersModule];
