from . import test_complaints_coupling
