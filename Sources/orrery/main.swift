import OrreryLang
print("orrery")
