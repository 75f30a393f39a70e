// The public pages: GOV.UK Frontend's components, and its "Exit this page" changed to replace
// this page in the browser's history (location.replace), so the back button does not return
// to it. Without JavaScript the button is a plain link to the same everyday site.
import { ExitThisPage, createAll, initAll } from '../dist/govuk-frontend.min.js'

class QuickExit extends ExitThisPage {
  static moduleName = 'smh-quick-exit'

  exitPage () {
    document.body.classList.add('govuk-exit-this-page-hide-content')
    window.location.replace(this.$button.href)
  }
}

initAll()
createAll(QuickExit)
