// cellsim._core: the native half of the `cellsim` Python package (tools/python/cellsim/).
//
// It wraps the library's public API the way tools/cellsim.cpp does (loadCase, CellModel,
// runCase, writeResults, runSweep, runFit) and hands results to Python as numpy arrays that
// own their C++ buffers (no copy through Python loops). The GIL is released while a recipe is
// loaded and solved, so Python threads run cases in parallel. Each call loads its own recipe:
// a loaded recipe's properties share muParser state and must never be shared across threads.
//
// This file holds the bindings; what they call is in errors.cpp, run.cpp, recipe.cpp and
// sweep_fit.cpp (declared in core_support.hpp).
#include "core_support.hpp"

#include <string>
#include <vector>

using namespace cellsim::python;

PYBIND11_MODULE(_core, m) {
  m.doc() = "Native part of the cellsim package (use `import cellsim`).";

  addExceptions(m);

  py::class_<Outcome>(m, "Outcome", "One run, as returned by _core.run (wrapped by cellsim.Result).")
      .def("timeseries", &Outcome::timeseries)
      .def("profiles", &Outcome::profiles)
      .def("figures", &Outcome::figures)
      .def("step_texts", &Outcome::steps)
      .def("file_text", &Outcome::fileText, py::arg("name"))
      .def("write", &Outcome::write, py::arg("folder"))
      .def("stats", &Outcome::stats)
      .def("final_state", &Outcome::finalState)
      .def("state_names", &Outcome::stateNames)
      .def_property_readonly("warnings", [](const Outcome& o) { return o.sim().warnings; })
      .def_property_readonly("stopped_early", [](const Outcome& o) { return o.sim().stopped_early; })
      .def_property_readonly("stop_reason", [](const Outcome& o) { return o.sim().stop_reason; })
      .def_property_readonly("wall_time_s", [](const Outcome& o) { return o.sim().wall_time_s; })
      .def_property_readonly("setup_time_s", [](const Outcome& o) { return o.sim().setup_time_s; })
      .def_property_readonly("load_time_s", [](const Outcome& o) { return o.state().load_time_s; })
      .def_property_readonly("call_time_s", [](const Outcome& o) { return o.state().call_time_s; })
      .def_property_readonly("case", [](const Outcome& o) { return o.state().recipe->file; })
      .def_property_readonly("description", [](const Outcome& o) { return o.state().recipe->description; });

  m.def("run", &runFromPython, py::arg("path"), py::arg("overrides"), py::arg("shown") = "", py::arg("out") = "",
        py::arg("progress") = py::none(), py::arg("interruptible") = false,
        "Loads, builds and runs a case with the GIL released.");
  m.def("check", &checkCase, py::arg("path"), py::arg("overrides"), py::arg("shown") = "");
  m.def("recipe_get", &recipeGet, py::arg("path"), py::arg("overrides"), py::arg("key"));
  m.def("recipe_yaml", &recipeYaml, py::arg("path"), py::arg("overrides"), py::arg("base_dir"),
        py::arg("drop") = std::vector<std::string>{});
  m.def("check_override", &checkOverride, py::arg("assignment"));
  m.def("override_file", [] { return overrideFile(); });
  m.def("sweep", &sweep, py::arg("file"), py::arg("sets"), py::arg("out"), py::arg("threads"), py::arg("force"));
  m.def("fit", &fit, py::arg("file"), py::arg("verbose"));
}
