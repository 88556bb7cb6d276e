// Starts Swagger UI on the API reference page (no inline script: the CSP forbids it).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var csrf = document.cookie.split("; ").find(function (c) { return c.indexOf("csrftoken=") === 0; });
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      // A signed-in session may try the API from here; unsafe methods need the CSRF token.
      if (csrf) {
        request.headers["X-CSRFToken"] = csrf.split("=")[1];
      }
      return request;
    }
  });
})();
