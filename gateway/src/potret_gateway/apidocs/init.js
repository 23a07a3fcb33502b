// Swagger UI for /openapi.json, served from this gateway only (no CDN, no inline script).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis],
});
