// The client's one import of rxjs (a peerDependency: the app's own copy). esbuild keeps one
// import statement per importing module for an external package; through here a widget's
// bundle gets one, about 130 B gzipped less. ESLint keeps the client's other modules off 'rxjs'.
export {
  AsyncSubject,
  BehaviorSubject,
  NEVER,
  Observable,
  ReplaySubject,
  Subject,
  Subscription,
  asyncScheduler,
  config,
  defer,
  filter,
  first,
  fromEvent,
  interval,
  map,
  merge,
  race,
  retry,
  take,
  tap,
  throwError,
  timeout,
  timer,
} from 'rxjs';
export type { MonoTypeOperatorFunction, Observer, OperatorFunction, SchedulerLike, Subscriber } from 'rxjs';
