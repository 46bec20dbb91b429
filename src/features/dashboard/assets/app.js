// hearth's dashboard: the only script its pages load (no Telegram script, no CDN).
// 1. Inside Telegram (a Mini App), the signed initData arrives in the URL's
//    fragment: it is sent once to sign in, then the page moves on.
// 2. Telegram's theme colours (from the fragment, kept for the session) tint
//    the pages; without them the pages follow the system's light or dark.
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var theme = params.get("tgWebAppThemeParams");
  try {
    if (theme) sessionStorage.setItem("hearth-theme", theme);
    theme = theme || sessionStorage.getItem("hearth-theme");
    if (theme) {
      var colours = JSON.parse(theme);
      var root = document.documentElement.style;
      var map = { bg_color: "--bg", text_color: "--fg", hint_color: "--muted", link_color: "--link",
                  button_color: "--accent", button_text_color: "--accent-fg", secondary_bg_color: "--card" };
      Object.keys(map).forEach(function (k) {
        if (/^#[0-9a-fA-F]{3,8}$/.test(colours[k] || "")) root.setProperty(map[k], colours[k]);
      });
    }
  } catch (e) { /* a theme that does not parse leaves the default */ }

  var initData = params.get("tgWebAppData");
  var signIn = document.getElementById("sign-in");
  if (!initData || !signIn) return;
  var body = new URLSearchParams();
  body.set("init_data", initData);
  fetch("/dashboard/auth/webapp", { method: "POST", body: body, credentials: "same-origin" })
    .then(function (r) {
      if (r.ok) { location.replace("/dashboard/chats"); return; }
      return r.text().then(function () {
        signIn.textContent = signIn.getAttribute("data-refused") || "";
      });
    })
    .catch(function () { signIn.textContent = signIn.getAttribute("data-refused") || ""; });
})();
