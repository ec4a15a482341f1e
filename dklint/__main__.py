from dklint.cli.main import main

main()
