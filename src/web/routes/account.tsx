// The account route group (one lazy chunk): the signed-in frame with the security-info interrupt,
// and the My account pages. The admin centre's pages render inside this frame from their own chunk.
import { Frame } from '../shared/Frame';
import { SecurityInfoGate } from '../account/security-info/SecurityInfoGate';

export { ChangePasswordPage } from '../account/ChangePasswordPage';
export { OverviewPage } from '../account/OverviewPage';
export { SecurityPage } from '../account/SecurityPage';
export { SecurityInfoPage } from '../account/security-info/SecurityInfoPage';

/** The registration interrupt (security info) comes between sign-in and the frame. */
export function SignedInLayout() {
  return (
    <SecurityInfoGate>
      <Frame />
    </SecurityInfoGate>
  );
}
