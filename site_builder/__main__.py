from site_builder.cli import entry

entry()
