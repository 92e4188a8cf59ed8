"""A notebook whose IPython lines (dropped, each with a warning quoting it) carry workflow
commands, escape sequences, markup and an unclosed bracket; the module itself is correct."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
FORMAT = "ipynb"
ZEROED = []
CELLS = ["!echo ::add-mask::secret\n%run ::notice::Points 100/100 ##[error]x\n"
         "files = !ls [/][bold red]\x1b[31mFAIL\n"
         "%run a_very_long_name_that_a_terminal_may_wrap_just_before_the_command::notice::x",
         "%%bash\necho ::error::x"]
