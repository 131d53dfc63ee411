"""The build: jobs and their fingerprints, the build state, running the jobs, atomic output, the
gallery and --list. Takes the command line's choices; gives back a BuildReport.
"""
