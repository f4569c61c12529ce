"""Standard-library names Odoo 11 uses that Python 3.9-3.11 removed."""
import base64
import collections
import collections.abc
import inspect
import threading

FIXES = [
    ("collections-abc", "collections.Mapping & co. moved to collections.abc in 3.10"),
    ("inspect-getargspec", "inspect.getargspec removed in 3.11 (odoo/api.py, tools/cache.py, http.py)"),
    ("inspect-formatargspec", "inspect.formatargspec removed in 3.11 (ormcache signatures)"),
    ("base64-encodestring", "base64.encodestring/decodestring removed in 3.9"),
    ("thread-isalive", "threading.Thread.isAlive removed in 3.9 (server shutdown)"),
    ("yaml-loader", "PyYAML 6 made the Loader argument of yaml.load mandatory (yml demo data)"),
]

_ABC_NAMES = (
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator",
    "Hashable", "Iterable", "Iterator", "Generator", "Reversible", "Sized",
    "Container", "Callable", "Collection", "Set", "MutableSet", "Mapping",
    "MutableMapping", "MappingView", "KeysView", "ItemsView", "ValuesView",
    "Sequence", "MutableSequence", "ByteString",
)

ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")


def getargspec(func):
    """The Python 3.10 ``inspect.getargspec`` on top of ``getfullargspec``."""
    spec = inspect.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError("Function has keyword-only parameters or annotations"
                         ", use inspect.signature() API which can support them")
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None,
                  kwonlyargs=(), kwonlydefaults={}, annotations={},
                  formatarg=str,
                  formatvarargs=lambda name: '*' + name,
                  formatvarkw=lambda name: '**' + name,
                  formatvalue=lambda value: '=' + repr(value),
                  formatreturns=lambda text: ' -> ' + text,
                  formatannotation=inspect.formatannotation):
    """The Python 3.10 implementation of ``inspect.formatargspec``."""
    def formatargandannotation(arg):
        result = formatarg(arg)
        if arg in annotations:
            result += ': ' + formatannotation(annotations[arg])
        return result
    specs = []
    if defaults:
        firstdefault = len(args) - len(defaults)
    for i, arg in enumerate(args):
        spec = formatargandannotation(arg)
        if defaults and i >= firstdefault:
            spec = spec + formatvalue(defaults[i - firstdefault])
        specs.append(spec)
    if varargs is not None:
        specs.append(formatvarargs(formatargandannotation(varargs)))
    else:
        if kwonlyargs:
            specs.append('*')
    if kwonlyargs:
        for kwonlyarg in kwonlyargs:
            spec = formatargandannotation(kwonlyarg)
            if kwonlydefaults and kwonlyarg in kwonlydefaults:
                spec += formatvalue(kwonlydefaults[kwonlyarg])
            specs.append(spec)
    if varkw is not None:
        specs.append(formatvarkw(formatargandannotation(varkw)))
    result = '(' + ', '.join(specs) + ')'
    if 'return' in annotations:
        result += formatreturns(formatannotation(annotations['return']))
    return result


def _patch_yaml():
    try:
        import yaml
    except ImportError:  # pragma: no cover
        return
    if getattr(yaml.load, "_odoo_compat", False):
        return
    original = yaml.load

    def load(stream, Loader=None):
        # Odoo's yml data files are trusted module data, the pre-6.0 default.
        return original(stream, Loader=Loader or yaml.Loader)
    load._odoo_compat = True
    yaml.load = load


def apply():
    for name in _ABC_NAMES:
        if not hasattr(collections, name) and hasattr(collections.abc, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = getargspec
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = formatargspec
    if not hasattr(base64, "encodestring"):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes
    if not hasattr(threading.Thread, "isAlive"):
        threading.Thread.isAlive = threading.Thread.is_alive
    _patch_yaml()
