"""Fixes inside Odoo modules, applied right after each module is executed."""
import ast
import builtins
import hashlib
import importlib.abc
import io
import logging
import sys
import types

_logger = logging.getLogger(__name__)

FIXES = [
    ("safe_eval-opcodes", "3.11 compiles the constructs safe_eval allows to new opcodes (RESUME, CALL, BINARY_OP, ...)"),
    ("qweb-ast", "QWeb builds ast nodes by hand: posonlyargs (3.8), Name('None') -> Constant (3.8), line ranges (3.11)"),
    ("web-getchildren", "web's concat_xml calls ElementTree Element.getchildren(), removed in 3.9"),
    ("server-setrlimit", "--workers: resource.setrlimit refuses the float CPU limit Odoo passes (3.10)"),
    ("report-multi-pdf", "Debian's wkhtmltopdf (unpatched Qt) returns an empty PDF for several bodies: render one by one and join"),
]

# --------------------------------------------------------------------------
# safe_eval: allow the 3.11 spelling of what Odoo already allowed, nothing more
# --------------------------------------------------------------------------
CONST_OPCODES_311 = [
    'RESUME', 'NOP', 'CACHE', 'COPY', 'SWAP', 'PUSH_NULL',
    'LIST_EXTEND', 'SET_UPDATE', 'LIST_TO_TUPLE', 'DICT_UPDATE',
]
EXPR_OPCODES_311 = [
    'BINARY_OP', 'IS_OP', 'CONTAINS_OP',
    # '...%s' % (x,) and f-strings compile to these in 3.11
    'FORMAT_VALUE', 'BUILD_STRING',
]
SAFE_OPCODES_311 = [
    'PRECALL', 'CALL', 'KW_NAMES', 'DICT_MERGE',
    'POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_FORWARD_IF_TRUE',
    'POP_JUMP_BACKWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_TRUE',
    'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_FORWARD_IF_NOT_NONE',
    'POP_JUMP_BACKWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
    'JUMP_BACKWARD', 'JUMP_BACKWARD_NO_INTERRUPT',
    # generator expressions and try/except, as SETUP_EXCEPT/YIELD_VALUE were
    'RETURN_GENERATOR', 'SEND', 'RERAISE', 'PUSH_EXC_INFO', 'CHECK_EXC_MATCH',
    'LOAD_ASSERTION_ERROR',
]


def _patch_safe_eval(module):
    from opcode import opmap

    def codes(names):
        return {opmap[n] for n in names if n in opmap}
    const, expr, safe = codes(CONST_OPCODES_311), codes(EXPR_OPCODES_311), codes(SAFE_OPCODES_311)
    module._CONST_OPCODES.update(const)
    module._EXPR_OPCODES.update(const | expr)
    module._SAFE_OPCODES.update(const | expr | safe)


# --------------------------------------------------------------------------
# QWeb: hand-built ast nodes
# --------------------------------------------------------------------------
_NAME_CONSTANTS = {'None': None, 'True': True, 'False': False}


class _AstRepair(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in _NAME_CONSTANTS:
            return ast.copy_location(ast.Constant(value=_NAME_CONSTANTS[node.id]), node)
        return node

    def visit_arguments(self, node):
        if not getattr(node, 'posonlyargs', None):
            node.posonlyargs = []
        return self.generic_visit(node)


def _repair(tree):
    tree = ast.fix_missing_locations(_AstRepair().visit(tree))
    for node in ast.walk(tree):
        if 'lineno' in node._attributes:
            # nodes are copied around with stale positions: make each range valid
            node.end_lineno = node.lineno
            node.end_col_offset = node.col_offset
    return tree


def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = _repair(source)
    return builtins.compile(source, filename, mode, *args, **kwargs)


def _arguments(args=None, vararg=None, kwonlyargs=None, kw_defaults=None,
               kwarg=None, defaults=None, posonlyargs=None):
    return ast.arguments(
        posonlyargs=posonlyargs or [], args=args or [], vararg=vararg,
        kwonlyargs=kwonlyargs or [], kw_defaults=kw_defaults or [],
        kwarg=kwarg, defaults=defaults or [])


def _patch_qweb(module):
    module.arguments = _arguments
    module.compile = _compile


# --------------------------------------------------------------------------
# web: concat_xml without Element.getchildren()
# --------------------------------------------------------------------------
def _patch_web_controllers(module):
    ElementTree = module.ElementTree

    def concat_xml(file_list):
        """Concatenate xml files (Odoo 11's function, iterating children directly)."""
        checksum = hashlib.new('sha1')
        if not file_list:
            return '', checksum.hexdigest()
        root = None
        for fname in file_list:
            with open(fname, 'rb') as fp:
                contents = fp.read()
            checksum.update(contents)
            try:
                xml = ElementTree.parse(io.BytesIO(contents)).getroot()
            except ElementTree.ParseError as e:
                module._logger.error("Could not parse file %s: %s" % (fname, e.msg))
                raise e
            if root is None:
                root = ElementTree.Element(xml.tag)
            for child in list(xml):
                root.append(child)
        return ElementTree.tostring(root, 'utf-8'), checksum.hexdigest()

    module.concat_xml = concat_xml


# --------------------------------------------------------------------------
# server: integer rlimits for the prefork workers
# --------------------------------------------------------------------------
def _patch_server(module):
    import resource as real_resource
    shim = types.ModuleType('resource')
    shim.__dict__.update({k: v for k, v in vars(real_resource).items() if not k.startswith('__')})

    def setrlimit(which, limits):
        soft, hard = limits
        return real_resource.setrlimit(which, (int(soft), int(hard)))
    shim.setrlimit = setrlimit
    module.resource = shim


# --------------------------------------------------------------------------
# reports: one wkhtmltopdf call per body, joined with PyPDF2
# --------------------------------------------------------------------------
def _patch_actions_report(module):
    from PyPDF2 import PdfFileReader, PdfFileWriter
    cls = module.IrActionsReport
    original = cls._run_wkhtmltopdf
    if getattr(original, '_odoo_compat', False):
        return

    def _run_wkhtmltopdf(self, bodies, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        if len(bodies) <= 1:
            return original(self, bodies, header=header, footer=footer, landscape=landscape,
                            specific_paperformat_args=specific_paperformat_args,
                            set_viewport_size=set_viewport_size)
        writer = PdfFileWriter()
        for body in bodies:
            pdf = original(self, [body], header=header, footer=footer, landscape=landscape,
                           specific_paperformat_args=specific_paperformat_args,
                           set_viewport_size=set_viewport_size)
            writer.appendPagesFromReader(PdfFileReader(io.BytesIO(pdf)))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    _run_wkhtmltopdf._odoo_compat = True
    cls._run_wkhtmltopdf = _run_wkhtmltopdf


PATCHES = {
    'odoo.tools.safe_eval': _patch_safe_eval,
    'odoo.addons.base.ir.ir_qweb.qweb': _patch_qweb,
    'odoo.addons.web.controllers.main': _patch_web_controllers,
    'odoo.service.server': _patch_server,
    'odoo.addons.base.ir.ir_actions_report': _patch_actions_report,
}


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader, self._patch = loader, patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _PatchingFinder(importlib.abc.MetaPathFinder):
    """Finds target modules through the other finders and wraps their loader."""

    def find_spec(self, fullname, path, target=None):
        patch = PATCHES.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _PatchingLoader(spec.loader, patch)
                return spec
        return None


def install():
    if any(isinstance(f, _PatchingFinder) for f in sys.meta_path):
        return
    for name, patch in PATCHES.items():  # already imported (unusual): patch now
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PatchingFinder())
