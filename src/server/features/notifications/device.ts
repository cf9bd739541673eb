/**
 * An approximate device from a User-Agent header, for notification mail ("Firefox, Windows").
 * The parser is shared with the web app's session and sign-in lists (src/shared/user-agent.ts).
 */
export { describeDevice } from '../../../shared/user-agent.js';
