// What each screen of the table in route.ts shows. Typed by that table: a
// screen there without a view here, or a view asking for more than its
// screen's `needs` guarantees, does not compile.
import type { ReactNode } from 'react';
import type { BundleRef } from '../../../shared/api/contract.js';
import { AuditScreen } from '../screens/AuditScreen.js';
import { CasesScreen } from '../screens/CasesScreen.js';
import { CustodyScreen } from '../screens/CustodyScreen.js';
import { ErasuresScreen } from '../screens/ErasuresScreen.js';
import { LicenseScreen } from '../screens/LicenseScreen.js';
import { QuestionnaireScreen } from '../screens/QuestionnaireScreen.js';
import { ReplayScreen } from '../screens/ReplayScreen.js';
import { RevealsScreen } from '../screens/RevealsScreen.js';
import { VerdictScreen } from '../screens/VerdictScreen.js';
import type { Route, ScreenEntry, ScreenNeeds } from './route.js';

/** What a view is given: the route, and what its screen needs, already chosen. */
export interface ViewProps {
  nothing: { route: Route };
  case: { route: Route; caseId: string };
  bundle: { route: Route; bundle: BundleRef };
}

type Views = { [E in ScreenEntry as E['id']]: (props: ViewProps[E['needs']]) => ReactNode };

export const SCREEN_VIEWS: Views = {
  cases: ({ route }) => <CasesScreen route={route} />,
  verdict: ({ bundle, route }) => <VerdictScreen bundle={bundle} route={route} />,
  audit: ({ bundle, route }) => <AuditScreen bundle={bundle} route={route} />,
  reveals: ({ bundle }) => <RevealsScreen bundle={bundle} />,
  erasures: ({ bundle, route }) => <ErasuresScreen bundle={bundle} route={route} />,
  license: ({ bundle }) => <LicenseScreen bundle={bundle} />,
  replay: ({ caseId }) => <ReplayScreen caseId={caseId} />,
  questionnaire: ({ caseId, route }) => <QuestionnaireScreen caseId={caseId} route={route} />,
  custody: ({ caseId }) => <CustodyScreen caseId={caseId} />,
};

/** A screen's view, called with what its `needs` guarantee (App's ScreenView checks them first). */
export function viewOf(screen: ScreenEntry['id']): (props: ViewProps[ScreenNeeds]) => ReactNode {
  return SCREEN_VIEWS[screen] as (props: ViewProps[ScreenNeeds]) => ReactNode;
}
