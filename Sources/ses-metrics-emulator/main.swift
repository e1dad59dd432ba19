print("ses-metrics-emulator: not yet built")
