// rxjs's `webSocket`, kept apart from lib/rx.ts: its typings need the DOM's `CloseEvent`, so no
// public declaration file may import it (a Node project type-checks without the DOM lib). Only the
// socket session, which is internal, imports this file.
export { webSocket, type WebSocketSubject, type WebSocketSubjectConfig } from 'rxjs/webSocket';
