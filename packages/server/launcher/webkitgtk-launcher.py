#!/usr/bin/python3
"""Driftstack's WebKitGTK launcher: one toolbar-less window as an iPhone archetype.

WebKitWebDriver starts this program as its "browser" (capability
`webkitgtk:browserOptions.binary`). It opens no window of its own: WebDriver asks
for one through the automation session, and gets a web view with the archetype's
viewport, pixel ratio, user agent and touch support, in an ephemeral data store,
or with `--data-dir` in a persistent one there (website data, HTTP cache and a
SQLite cookie jar: the profile's engine-native layer, which the server restores
into the directory before launch and archives after the browser has exited).

Beside WebDriver, the launcher answers the Driftstack server on a Unix socket
(`--control`), one JSON object per line each way, for what WebDriver cannot do:
the whole cookie jar (WebDriver sees only the open document's cookies), loading
a blank document at an origin without a network request (to restore or read
that origin's storage), the main resource's HTTP status and the origins
visited. `quit` ends the browser cleanly (WebKit writes its data down) before the
server archives the data directory. When that socket closes, the server is gone
or done with this browser: the launcher stops its WebKitWebDriver and exits, so
nothing outlives the server.
"""

import argparse
import json
import os
import signal
import socket
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--automation", action="store_true")
parser.add_argument("--width", type=int, required=True)
parser.add_argument("--height", type=int, required=True)
parser.add_argument("--screen-width", type=int, required=True)
parser.add_argument("--screen-height", type=int, required=True)
parser.add_argument("--scale", type=int, required=True)
parser.add_argument("--user-agent", required=True)
parser.add_argument("--touch", action="store_true")
parser.add_argument("--control", required=True, help="Unix socket path to listen on")
parser.add_argument("--proxy", help="every request goes through this HTTP proxy")
parser.add_argument("--data-dir", help="keep website data and cookies in this directory (default: ephemeral)")
args, _ = parser.parse_known_args()

# GTK reads the scale once, when it initialises: it becomes devicePixelRatio.
os.environ["GDK_SCALE"] = str(args.scale)
os.environ["GDK_DPI_SCALE"] = "1"

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
gi.require_version("Soup", "3.0")
from gi.repository import GLib, Gtk, Soup, WebKit2  # noqa: E402

# What WebKitGTK does not emulate by itself, set before any page script runs:
# the device's screen (Xvfb's is larger) and touch support.
DEVICE_SHIM = """(() => {
  const define = (target, name, value) => {
    try { Object.defineProperty(target, name, { get: () => value, configurable: true }); } catch (e) {}
  };
  const screen = %(screen)s;
  for (const [name, value] of Object.entries(screen)) define(Screen.prototype, name, value);
  if (%(touch)s) {
    define(Navigator.prototype, "maxTouchPoints", 5);
    for (const target of [window, Document.prototype, Element.prototype]) {
      if (!("ontouchstart" in target)) {
        for (const name of ["ontouchstart", "ontouchmove", "ontouchend", "ontouchcancel"]) {
          let handler = null;
          try {
            Object.defineProperty(target, name, { get: () => handler, set: (v) => { handler = v; }, configurable: true });
          } catch (e) {}
        }
      }
    }
  }
})();"""

SAME_SITE = {
    Soup.SameSitePolicy.NONE: "None",
    Soup.SameSitePolicy.LAX: "Lax",
    Soup.SameSitePolicy.STRICT: "Strict",
}
SAME_SITE_POLICY = {name: policy for policy, name in SAME_SITE.items()}

if args.data_dir:
    data_manager = WebKit2.WebsiteDataManager(
        base_data_directory=os.path.join(args.data_dir, "data"),
        base_cache_directory=os.path.join(args.data_dir, "cache"),
    )
else:
    data_manager = WebKit2.WebsiteDataManager.new_ephemeral()
if args.proxy:
    data_manager.set_network_proxy_settings(
        WebKit2.NetworkProxyMode.CUSTOM, WebKit2.NetworkProxySettings.new(args.proxy, [])
    )
context = WebKit2.WebContext(website_data_manager=data_manager)
context.set_automation_allowed(True)
context.set_preferred_languages(["en-US"])
cookie_manager = data_manager.get_cookie_manager()
if args.data_dir:
    cookie_manager.set_persistent_storage(
        os.path.join(args.data_dir, "cookies.sqlite"), WebKit2.CookiePersistentStorage.SQLITE
    )

settings = WebKit2.Settings()
settings.set_user_agent(args.user_agent)
settings.set_enable_developer_extras(False)
# No back/forward cache: a page left behind would be kept suspended with its IndexedDB
# requests pending, and every later open of those databases (the save's own) would wait on it.
settings.set_enable_page_cache(False)

content = WebKit2.UserContentManager()
content.add_script(
    WebKit2.UserScript.new(
        DEVICE_SHIM
        % {
            "screen": json.dumps(
                {
                    "width": args.screen_width,
                    "height": args.screen_height,
                    "availWidth": args.screen_width,
                    "availHeight": args.screen_height,
                }
            ),
            "touch": "true" if args.touch else "false",
        },
        WebKit2.UserContentInjectedFrames.ALL_FRAMES,
        WebKit2.UserScriptInjectionTime.START,
        None,
        None,
    )
)

state = {"view": None, "status": None, "failure": None, "origins": []}


def on_load_changed(view, event):
    if event != WebKit2.LoadEvent.COMMITTED:
        return
    resource = view.get_main_resource()
    response = resource.get_response() if resource else None
    state["status"] = response.get_status_code() if response else None
    uri = view.get_uri() or ""
    if uri.startswith("http://") or uri.startswith("https://"):
        origin = GLib.Uri.parse(uri, GLib.UriFlags.NONE)
        port = origin.get_port()
        text = "%s://%s%s" % (origin.get_scheme(), origin.get_host(), "" if port == -1 else ":%d" % port)
        if text not in state["origins"]:
            state["origins"].append(text)


def on_load_failed(_view, _event, uri, error):
    # A load we abandoned (stop_loading, or a newer navigation) is not the next navigation's failure.
    if not error.matches(WebKit2.NetworkError.quark(), WebKit2.NetworkError.CANCELLED):
        state["failure"] = "%s (%s)" % (error.message, uri)
    return False


def on_web_process_terminated(_view, _reason):
    # A renderer that dies takes the session with it: the server sees the control socket close.
    stop(3)


def create_web_view(_session):
    view = WebKit2.WebView(
        web_context=context,
        settings=settings,
        user_content_manager=content,
        is_controlled_by_automation=True,
    )
    view.connect("load-changed", on_load_changed)
    view.connect("load-failed", on_load_failed)
    view.connect("web-process-terminated", on_web_process_terminated)
    window = Gtk.Window()
    window.set_decorated(False)
    window.set_default_size(args.width, args.height)
    window.set_resizable(False)
    window.add(view)
    window.show_all()
    state["view"] = view
    return view


def on_automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name("Driftstack")
    info.set_version(1, 0, 0)
    session.set_application_info(info)
    session.connect("create-web-view", create_web_view)


context.connect("automation-started", on_automation_started)


def stop(code):
    """Ends this browser and the WebKitWebDriver that started it."""
    try:
        os.kill(os.getppid(), signal.SIGTERM)
    except OSError:
        pass
    os._exit(code)


def cookie_to_dict(cookie):
    expires = cookie.get_expires()
    return {
        "name": cookie.get_name(),
        "value": cookie.get_value(),
        "domain": cookie.get_domain(),
        "path": cookie.get_path(),
        "expires": expires.to_unix() if expires else -1,
        "httpOnly": cookie.get_http_only(),
        "secure": cookie.get_secure(),
        "sameSite": SAME_SITE.get(cookie.get_same_site_policy(), "Lax"),
    }


def dict_to_cookie(c):
    cookie = Soup.Cookie.new(c["name"], c["value"], c["domain"], c["path"], -1)
    if c.get("expires", -1) != -1:
        cookie.set_expires(GLib.DateTime.new_from_unix_utc(int(c["expires"])))
    cookie.set_http_only(bool(c.get("httpOnly")))
    cookie.set_secure(bool(c.get("secure")))
    cookie.set_same_site_policy(SAME_SITE_POLICY.get(c.get("sameSite"), Soup.SameSitePolicy.LAX))
    return cookie


def command_cookies(_request, reply):
    def done(manager, result):
        try:
            reply({"cookies": [cookie_to_dict(c) for c in manager.get_all_cookies_finish(result)]})
        except GLib.Error as error:
            reply(None, error.message)

    cookie_manager.get_all_cookies(None, done)


def command_add_cookies(request, reply):
    pending = list(request["cookies"])

    def next_cookie(*_):
        if not pending:
            reply({})
            return
        cookie_manager.add_cookie(dict_to_cookie(pending.pop(0)), None, finished)

    def finished(manager, result):
        try:
            manager.add_cookie_finish(result)
        except GLib.Error as error:
            reply(None, error.message)
            return
        next_cookie()

    next_cookie()


def command_load_html(request, reply):
    """Loads `html` as a document of `origin`, with no network request, and answers once it has loaded."""
    view = state["view"]
    if view is None:
        reply(None, "no web view")
        return
    handlers = []

    def finish(answer, error=None):
        for handler in handlers:
            view.disconnect(handler)
        reply(answer, error)

    handlers.append(
        view.connect("load-changed", lambda _v, event: event == WebKit2.LoadEvent.FINISHED and finish({}))
    )
    handlers.append(view.connect("load-failed", lambda _v, _e, uri, error: finish(None, error.message) or True))
    view.load_html(request["html"], request["origin"] + "/")


def command_status(request, reply):
    """The last navigation's outcome; `reset` forgets a failure before the next navigation."""
    reply({"status": state["status"], "failure": state["failure"], "origins": state["origins"]})
    if request.get("reset"):
        state["failure"] = None


def command_stop_loading(_request, reply):
    """Abandons a navigation still loading (one that took too long), so the next can start at once."""
    if state["view"] is not None:
        state["view"].stop_loading()
    reply({})


QUIT_STEP_SECONDS = 2


def command_quit(_request, reply):
    """Ends this browser cleanly, so that WebKit writes its data down before the directory is archived.

    The page is left for a blank one (its unload handlers run, its IndexedDB connections close),
    the web view is destroyed, and a website-data round trip to the network process makes sure it
    has handled everything sent before; then the main loop stops and the launcher exits, and
    WebKit's own processes, their connection to it closed, shut down after it. Each step has a
    deadline: a page that holds the browser does not stop the quit (the server kills what is left).
    """
    view = state["view"]
    steps = []

    def next_step(*_):
        if steps:
            steps.pop(0)()
        else:
            reply({})
            GLib.idle_add(Gtk.main_quit)
        return False

    def once(step):
        """`step(done)`, moving on when it calls `done` or after QUIT_STEP_SECONDS, whichever is first."""
        moved = []

        def done(*_):
            if not moved:
                moved.append(True)
                next_step()
            return False

        def run():
            GLib.timeout_add_seconds(QUIT_STEP_SECONDS, done)
            step(done)

        return run

    def leave_page(done):
        handler = []

        def on_load(_view, event):
            if event == WebKit2.LoadEvent.FINISHED:
                view.disconnect(handler[0])
                done()

        handler.append(view.connect("load-changed", on_load))
        view.load_uri("about:blank")

    def close_view(done):
        view.get_toplevel().destroy()
        state["view"] = None
        done()

    def round_trip(done):
        data_manager.fetch(WebKit2.WebsiteDataTypes.ALL, None, lambda *_: done())

    if view is not None:
        steps.extend([once(leave_page), once(close_view)])
    steps.append(once(round_trip))
    next_step()


COMMANDS = {
    "quit": command_quit,
    "stop_loading": command_stop_loading,
    "cookies": command_cookies,
    "add_cookies": command_add_cookies,
    "load_html": command_load_html,
    "status": command_status,
}


def serve_control(path):
    """Answers one connection, a request per line, each run on GTK's thread."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    server.settimeout(60)
    try:
        connection, _ = server.accept()
    except OSError:
        stop(4)
    connection.settimeout(None)
    stream = connection.makefile("rwb")
    lock = threading.Lock()

    def answer(request_id, result, error):
        line = json.dumps({"id": request_id, "result": result, "error": error}) + "\n"
        with lock:
            stream.write(line.encode())
            stream.flush()

    for line in stream:
        request = json.loads(line)
        command = COMMANDS.get(request.get("command"))

        def run(request=request, command=command):
            reply = lambda result, error=None: answer(request["id"], result, error)  # noqa: E731
            if command is None:
                reply(None, "unknown command")
            else:
                try:
                    command(request, reply)
                except Exception as error:  # noqa: BLE001 - every failure goes back as an answer
                    reply(None, str(error))
            return False

        GLib.idle_add(run)
    stop(0)


threading.Thread(target=serve_control, args=(args.control,), daemon=True).start()
signal.signal(signal.SIGTERM, lambda *_: stop(0))
Gtk.main()
# Only `quit` stops the main loop: the launcher exits, and with it its WebKitWebDriver.
stop(0)
