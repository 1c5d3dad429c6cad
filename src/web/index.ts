/** What the doors share on the web: one HTTP server, the signed links on cards and the routes that follow them. */
export { CALENDAR_PATH, CalendarLinks, LinkKeyError, linkKeyFile, linkKeyFromFile, linkKeyFromSecret, linkKeyOf, type LinkKeySource } from './calendar-links.js';
export { FILES_PATH, FileLinks } from './file-links.js';
export { createWebLinks, type WebLinks } from './links.js';
export { ABOUT_PATH, HEALTH_PATH, sharedRoutes, type HealthAnswer, type ServedFile, type SharedRoutesOptions } from './routes.js';
export { plain, startWebServer, type WebRoute, type WebServer, type WebServerOptions } from './server.js';
