"""The ways a build can fail, each reported by the command as a clear message, never a traceback."""


class DataError(Exception):
    """The data files cannot be built; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

    def __reduce__(self):  # sent from a forked process as it was made: from its list of problems
        return DataError, (self.problems,)


class RenderError(Exception):
    """A template cannot be compiled or rendered."""


class OutputError(Exception):
    """The output folder cannot be written: it is a file, or a folder the build did not make."""
