// cellsim._core's exceptions: cellsim.Error > InputError (also a ValueError), SolverError >
// StateError, and the translation of the library's exceptions into them.
#include "core_support.hpp"

#include <exception>
#include <string>
#include <vector>

#include "core/input/Input.hpp"
#include "core/numerics/IdaSolver.hpp"
#include "models/cell/StateCheck.hpp"

namespace cellsim::python {

namespace {

PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_solver_error = nullptr;
PyObject* g_state_error = nullptr;

PyObject* newException(py::module_& m, const char* name, const char* doc, std::vector<PyObject*> bases) {
  py::tuple b(bases.size());
  for (size_t i = 0; i < bases.size(); ++i) b[i] = py::reinterpret_borrow<py::object>(bases[i]);
  const std::string qualified = std::string("cellsim.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, b.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));  // the module keeps a reference too
  return type;  // ours is never released: the types live as long as the interpreter
}

void raiseInputError(const InputError& e) {
  PyObject* inst = PyObject_CallFunction(g_input_error, "s", e.what());
  if (!inst) return;  // the call set its own error
  py::handle h(inst);
  h.attr("file") = py::str(e.file());
  h.attr("line") = py::int_(e.line());
  h.attr("key_path") = py::str(e.keyPath());
  PyErr_SetObject(g_input_error, inst);
  Py_DECREF(inst);
}

}  // namespace

void addExceptions(py::module_& m) {
  g_error = newException(m, "Error", "Base class of the errors cellsim raises.", {PyExc_Exception});
  g_input_error = newException(m, "InputError",
                               "A mistake in a recipe or an override. str(e) is the CLI's message "
                               "'FILE:LINE: KEY.PATH: message'; e.file, e.line, e.key_path.",
                               {g_error, PyExc_ValueError});
  g_solver_error = newException(m, "SolverError",
                                "The solver failed; the message names the time, the variables with the "
                                "largest errors and where they are.",
                                {g_error, PyExc_RuntimeError});
  g_state_error = newException(m, "StateError",
                               "The state reached a point where a property function is undefined.",
                               {g_solver_error});
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      raiseInputError(e);
    } catch (const SolverError& e) {
      PyErr_SetString(g_solver_error, e.what());
    } catch (const StateError& e) {
      PyErr_SetString(g_state_error, e.what());
    }
  });
}

//! The message of an InputError without its "file:line: key: " prefix.
std::string bareMessage(const InputError& e) {
  std::string prefix = e.file();
  if (e.line() > 0) prefix += ":" + std::to_string(e.line());
  prefix += ": ";
  if (!e.keyPath().empty()) prefix += e.keyPath() + ": ";
  const std::string what = e.what();
  return what.compare(0, prefix.size(), prefix) == 0 ? what.substr(prefix.size()) : what;
}

}  // namespace cellsim::python
