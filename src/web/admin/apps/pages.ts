// The App registrations route group (issue 15): its own lazy chunk, with its own strings (strings.tsx).
export { AppPage } from './AppPage';
export { AppsPage } from './AppsPage';
