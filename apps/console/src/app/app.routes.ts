import { Routes } from '@angular/router';

/** Everything, Material included, loads lazily: the initial bundle is Angular, the router and the session. */
export const routes: Routes = [{ path: '', loadChildren: () => import('./main.routes').then((m) => m.MAIN_ROUTES) }];
