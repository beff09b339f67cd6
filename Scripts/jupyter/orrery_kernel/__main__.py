"""`python -m orrery_kernel install …` writes the kernelspec; any other arguments
start the kernel (as Jupyter does, with `-f CONNECTION_FILE`)."""

import sys


def main(argv):
    if argv[:1] == ["install"]:
        from .install import main as install
        return install(argv[1:])
    from ipykernel.kernelapp import IPKernelApp
    from .kernel import OrreryKernel
    IPKernelApp.launch_instance(argv=argv, kernel_class=OrreryKernel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
