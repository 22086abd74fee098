// Agora's own behaviour on top of htmx. No inline scripts (the CSP forbids them);
// every hook is a data- attribute on the element it serves.
(function () {
  "use strict";
})();
